import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createScratchDatabase,
  deleteBucket,
  freePorts,
  generateSecrets,
  graphql,
  Platform,
  randomSuffix,
  type GatewayNode,
} from '@switchyard/local';
import { track } from './children';

export interface BenchPlatformOptions {
  postgresUrl: string;
  natsUrl: string;
  /** Names its bucket, database, state directory and key secret (`sy-bench`, `sy-soak`). */
  prefix: string;
  /** The `applyConfig` workspaces, given the key secret to declare. */
  workspaces: (keySecret: string) => object[];
  nodeIds: string[];
}

/** A running platform: its ready nodes in `nodeIds` order, and the key its workspaces declare. */
export interface BenchPlatform {
  platform: Platform;
  nodes: GatewayNode[];
  keySecret: string;
  /** The last lines each process logged, and how it exited, for an error message. */
  recentOutput(): string;
  /** Stops every process and removes the database, the bucket and the state directory. */
  stop(): Promise<void>;
}

const APPLY = `mutation Apply($input: ApplyConfigInput!) {
  applyConfig(input: $input) { snapshotVersion }
}`;

const exit = (child: { exitCode: number | null; signalCode: string | null }) =>
  child.exitCode ?? child.signalCode ?? 'running';

/**
 * The real Switchyard platform for a benchmark: the control plane and data-plane nodes as
 * child processes on a database and a NATS bucket of their own, configured through GraphQL
 * `applyConfig`, each node ready before this resolves.
 */
export async function startBenchPlatform(options: BenchPlatformOptions): Promise<BenchPlatform> {
  const { prefix } = options;
  const bucket = `${prefix}-${randomSuffix()}`;
  const stateDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const secrets = generateSecrets();
  const keySecret = `${prefix}-${randomBytes(16).toString('hex')}`;
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(e));
    cleanups.length = 0;
  };
  try {
    cleanups.push(async () => rmSync(stateDir, { recursive: true, force: true }));
    const database = await createScratchDatabase(options.postgresUrl, prefix.replace(/-/g, '_'));
    cleanups.push(() => database.drop());
    cleanups.push(() => deleteBucket(options.natsUrl, bucket));
    const [apiPort, grpcPort] = await freePorts(2);
    const platform = new Platform({
      databaseUrl: database.url,
      natsUrl: options.natsUrl,
      secrets,
      bucket,
      apiPort,
      grpcPort,
      stateDir,
      // Their defaults: the ready lines the launcher waits for are logged at info.
      env: { LOG_LEVEL: 'info' },
    });
    cleanups.push(() => platform.stop());
    const graphqlUrl = await platform.startControlPlane();
    track(platform.controlPlane!.child);
    await graphql(graphqlUrl, secrets.adminToken, APPLY, {
      input: { workspaces: options.workspaces(keySecret) },
    });
    const nodes: GatewayNode[] = [];
    for (const nodeId of options.nodeIds) {
      const node = await platform.startDataPlane(nodeId);
      track(node.process.child);
      await platform.waitUntilReady(node);
      nodes.push(node);
    }
    return {
      platform,
      nodes,
      keySecret,
      recentOutput: () =>
        [
          ...platform.nodes.flatMap((n) => [
            `${n.nodeId} (exit: ${exit(n.process.child)}):`,
            ...n.process.logs.slice(-15),
          ]),
          `control plane (exit: ${platform.controlPlane ? exit(platform.controlPlane.child) : 'stopped'}):`,
          ...(platform.controlPlane?.logs.slice(-10) ?? []),
        ].join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
