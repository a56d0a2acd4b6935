import { startBenchPlatform } from '../platform';
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

/** Control plane + two nodes on a database and bucket of their own, configured through `applyConfig`. */
export async function startSoakPlatform(options: SoakPlatformOptions): Promise<SoakPlatform> {
  const upstream = { baseUrl: options.upstreamBaseUrl, apiKey: options.upstreamKey };
  const started = await startBenchPlatform({
    ...options,
    prefix: 'sy-soak',
    workspaces: (keySecret) => [soakWorkspace(upstream, keySecret)],
    nodeIds: NODE_IDS,
  });
  return {
    nodes: started.nodes.map((node) => ({
      nodeId: node.nodeId,
      url: `${node.url}/v1/chat/completions`,
      pid: node.process.child.pid!,
    })),
    controlPlanePid: started.platform.controlPlane!.child.pid!,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${started.keySecret}` },
    recentOutput: started.recentOutput,
    stop: started.stop,
  };
}
