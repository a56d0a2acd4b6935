#!/usr/bin/env node
/**
 * `pnpm start`: the whole platform on this machine. Uses DATABASE_URL and NATS_URL when
 * set; otherwise starts embedded PostgreSQL and a nats-server from PATH, and says so.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres, startNatsServer, type EmbeddedServer } from './embedded';
import { LOCAL_OUTBOUND_ALLOW, Platform } from './platform';
import { loadOrCreateSecrets } from './secrets';

function intFromEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > 65535) {
    throw new Error(`${name} must be an integer between ${min} and 65535, got "${raw}"`);
  }
  return value;
}

/** The built console: `SWITCHYARD_CONSOLE_DIR`, else this repository's `console/build`, if built. */
function consoleBuildDir(): string | undefined {
  const dir = resolve(
    process.env.SWITCHYARD_CONSOLE_DIR ?? join(__dirname, '..', '..', '..', 'console', 'build'),
  );
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

async function main(): Promise<void> {
  const home = resolve(process.env.SWITCHYARD_HOME ?? '.switchyard/local');
  const nodeCount = intFromEnv('SWITCHYARD_DATA_PLANES', 1, 1);
  const apiPort = intFromEnv('SWITCHYARD_API_PORT', 4000);
  const grpcPort = intFromEnv('SWITCHYARD_GRPC_PORT', 50051);
  const gatewayPort = intFromEnv('SWITCHYARD_GATEWAY_PORT', 8080);
  const embedded: EmbeddedServer[] = [];
  const say = (line: string) => process.stdout.write(`switchyard: ${line}\n`);

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres(
      join(home, 'postgres'),
      intFromEnv('SWITCHYARD_EMBEDDED_PG_PORT', 54329),
    );
    embedded.push(pg);
    databaseUrl = pg.url;
    say(`DATABASE_URL is unset: started ${pg.description}`);
  }
  let natsUrl = process.env.NATS_URL;
  if (!natsUrl) {
    const nats = await startNatsServer(
      join(home, 'nats'),
      intFromEnv('SWITCHYARD_EMBEDDED_NATS_PORT', 42220),
    );
    embedded.push(nats);
    natsUrl = nats.url;
    say(`NATS_URL is unset: started ${nats.description}`);
  }

  if (process.env.SWITCHYARD_OUTBOUND_ALLOW === undefined)
    say(
      `SWITCHYARD_OUTBOUND_ALLOW is unset: providers and tools may use loopback (${LOCAL_OUTBOUND_ALLOW}); other private addresses stay refused`,
    );
  const secrets = loadOrCreateSecrets(join(home, 'secrets.json'), process.env);
  const consoleDir = consoleBuildDir();
  const platform = new Platform({
    databaseUrl,
    natsUrl,
    secrets,
    apiPort,
    grpcPort,
    stateDir: join(home, 'nodes'),
    configFile: process.env.SWITCHYARD_CONFIG ? resolve(process.env.SWITCHYARD_CONFIG) : undefined,
    consoleDir,
    echo: process.env.SWITCHYARD_QUIET !== '1',
  });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await platform.stop().catch(() => undefined);
    for (const server of embedded.reverse()) await server.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    const graphqlUrl = await platform.startControlPlane();
    for (let i = 0; i < nodeCount; i++) {
      await platform.startDataPlane(`node-${i + 1}`, gatewayPort === 0 ? 0 : gatewayPort + i);
    }
    await Promise.all(platform.nodes.map((node) => platform.waitUntilReady(node)));
    say(`  GraphQL admin API  ${graphqlUrl}`);
    say(
      `  console            ${consoleDir ? graphqlUrl.replace(/\/graphql$/, '/') : '(not built: pnpm build)'}`,
    );
    for (const node of platform.nodes) say(`  gateway ${node.nodeId.padEnd(10)} ${node.url}/v1`);
    say(
      `  admin token        ${secrets.adminToken}   (SWITCHYARD_ADMIN_TOKEN; kept in ${join(home, 'secrets.json')})`,
    );
    say('ready (Ctrl-C stops everything)');
  } catch (error) {
    process.stderr.write(`switchyard: ${error instanceof Error ? error.message : String(error)}\n`);
    await shutdown(1);
  }
  const exitedEarly = [platform.controlPlane, ...platform.nodes.map((n) => n.process)];
  for (const proc of exitedEarly) {
    void proc?.exited.then((code) => {
      if (!stopping) {
        process.stderr.write(`switchyard: ${proc.name} exited (${code}); stopping the platform\n`);
        void shutdown(1);
      }
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`switchyard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
