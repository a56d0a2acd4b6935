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
} from '@switchyard/local';
import { track } from '../children';
import { soakWorkspace } from './workspace';

/** Where the soak's platform keeps its state, and the fake upstream its providers point at. */
export interface SoakPlatformOptions {
  postgresUrl: string;
  natsUrl: string;
  upstreamBaseUrl: string;
  upstreamKey: string;
}

export const NODE_IDS = ['soak-node-1', 'soak-node-2'];

/** A data-plane node of the soak; `url` is its chat completions endpoint. */
export interface SoakNode {
  nodeId: string;
  url: string;
  pid: number;
}

/**
 * The running platform: its nodes in `NODE_IDS` order, the headers (the workspace's key) every
 * request carries, and `stop()`, which also removes its database, bucket and state directory.
 */
export interface SoakPlatform {
  nodes: SoakNode[];
  controlPlanePid: number;
  headers: Record<string, string>;
  /** The last lines each process logged, and how it exited, for an error message. */
  recentOutput(): string;
  stop(): Promise<void>;
}

const APPLY = `mutation Apply($input: ApplyConfigInput!) {
  applyConfig(input: $input) { snapshotVersion }
}`;

/** Control plane + two nodes on a database and bucket of their own, configured through `applyConfig`. */
export async function startSoakPlatform(options: SoakPlatformOptions): Promise<SoakPlatform> {
  const bucket = `sy-soak-${randomSuffix()}`;
  const stateDir = mkdtempSync(join(tmpdir(), 'sy-soak-'));
  const secrets = generateSecrets();
  const keySecret = `sy-soak-${randomBytes(16).toString('hex')}`;
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(e));
    cleanups.length = 0;
  };
  try {
    cleanups.push(async () => rmSync(stateDir, { recursive: true, force: true }));
    const database = await createScratchDatabase(options.postgresUrl, 'sy_soak');
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
      env: { LOG_LEVEL: 'info' },
    });
    cleanups.push(() => platform.stop());
    const graphqlUrl = await platform.startControlPlane();
    track(platform.controlPlane!.child);
    const upstream = { baseUrl: options.upstreamBaseUrl, apiKey: options.upstreamKey };
    await graphql(graphqlUrl, secrets.adminToken, APPLY, {
      input: { workspaces: [soakWorkspace(upstream, keySecret)] },
    });
    const nodes: SoakNode[] = [];
    for (const nodeId of NODE_IDS) {
      const node = await platform.startDataPlane(nodeId);
      track(node.process.child);
      await platform.waitUntilReady(node);
      nodes.push({ nodeId, url: `${node.url}/v1/chat/completions`, pid: node.process.child.pid! });
    }
    return {
      nodes,
      controlPlanePid: platform.controlPlane!.child.pid!,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keySecret}` },
      recentOutput: () =>
        [
          ...platform.nodes.flatMap((n) => [
            `${n.nodeId} (exit: ${n.process.child.exitCode ?? n.process.child.signalCode ?? 'running'}):`,
            ...n.process.logs.slice(-15),
          ]),
          `control plane (exit: ${platform.controlPlane?.child.exitCode ?? platform.controlPlane?.child.signalCode ?? 'running'}):`,
          ...(platform.controlPlane?.logs.slice(-10) ?? []),
        ].join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
