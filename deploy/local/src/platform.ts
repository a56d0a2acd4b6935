import { dirname, join } from 'node:path';
import { spawnNode, type ManagedProcess } from './processes';
import type { PlatformSecrets } from './secrets';

const controlPlaneMain = join(
  dirname(require.resolve('@switchyard/control-plane/package.json')),
  'dist/main.js',
);
const dataPlaneMain = join(dirname(require.resolve('@switchyard/data-plane/package.json')), 'dist/main.js');
// V8 heap flags only take effect at process start, so the launcher gives them (see "Memory" in
// the data plane's README). A gateway's garbage is almost all per-request and short-lived: an
// 4 MB semi-space (V8's default grows to 16 MB, 32 MB of young generation) measured 10–15 MB
// lower RSS under load than 8 MB at the same CPU per request; 2 MB promoted so much that RSS
// rose again. Put first so a NODE_OPTIONS of the caller's wins.
const DATA_PLANE_NODE_OPTIONS = '--max-semi-space-size=4';

/**
 * The outbound allow list when SWITCHYARD_OUTBOUND_ALLOW is unset: loopback, for providers
 * and tools on this machine (Ollama, vLLM, fakes). Private and link-local ranges stay refused.
 */
export const LOCAL_OUTBOUND_ALLOW = '127.0.0.0/8,::1';

function withNodeOptions(defaults: string, given: string | undefined): string {
  return given?.trim() ? `${defaults} ${given.trim()}` : defaults;
}

/** Where the platform's servers are and how its processes are configured. */
export interface PlatformOptions {
  databaseUrl: string;
  natsUrl: string;
  secrets: PlatformSecrets;
  /** JetStream KV bucket for snapshots; tests give each run its own. */
  bucket?: string;
  host?: string;
  /** GraphQL/console port; 0 picks a free one. */
  apiPort: number;
  /** gRPC port. Fixed (not 0) when the control plane is to be restarted, so nodes find it again. */
  grpcPort: number;
  /** Directory under which each data-plane node keeps its state (`<stateDir>/<nodeId>`). */
  stateDir: string;
  /** Declarative config applied by the control plane at start (`SWITCHYARD_CONFIG`). */
  configFile?: string;
  consoleDir?: string;
  /** Print the processes' log lines, prefixed with their names. */
  echo?: boolean;
  /** Extra environment for every process (e.g. `LOG_LEVEL`). */
  env?: NodeJS.ProcessEnv;
}

/** A data-plane node started by `Platform.startDataPlane`. */
export interface GatewayNode {
  nodeId: string;
  url: string;
  process: ManagedProcess;
}

/**
 * The control plane and any number of data-plane nodes as child processes: what
 * `pnpm start` runs, and what the end-to-end tests drive (stop, restart, add nodes).
 */
export class Platform {
  controlPlane?: ManagedProcess;
  graphqlUrl = '';
  readonly nodes: GatewayNode[] = [];

  constructor(readonly options: PlatformOptions) {}

  get grpcAddress(): string {
    return `${this.options.host ?? '127.0.0.1'}:${this.options.grpcPort}`;
  }

  private baseEnv(): NodeJS.ProcessEnv {
    const { secrets } = this.options;
    // Children inherit this environment: `${VAR}`s in SWITCHYARD_CONFIG, NODE_OPTIONS, proxies…
    return {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      NATS_URL: this.options.natsUrl,
      SWITCHYARD_OUTBOUND_ALLOW: process.env.SWITCHYARD_OUTBOUND_ALLOW ?? LOCAL_OUTBOUND_ALLOW,
      SWITCHYARD_SNAPSHOT_KEY: secrets.snapshotKey,
      SWITCHYARD_NODE_TOKEN: secrets.nodeToken,
      ...(this.options.bucket ? { SWITCHYARD_SNAPSHOT_BUCKET: this.options.bucket } : {}),
      ...this.options.env,
    };
  }

  async startControlPlane(): Promise<string> {
    const { options } = this;
    const proc = spawnNode({
      name: 'control-plane',
      script: controlPlaneMain,
      readyMessage: 'control plane ready',
      echo: options.echo,
      env: {
        ...this.baseEnv(),
        DATABASE_URL: options.databaseUrl,
        SWITCHYARD_MASTER_KEY: options.secrets.masterKey,
        SWITCHYARD_ADMIN_TOKEN: options.secrets.adminToken,
        SWITCHYARD_API_HOST: options.host ?? '127.0.0.1',
        SWITCHYARD_API_PORT: String(options.apiPort),
        SWITCHYARD_GRPC_ADDR: this.grpcAddress,
        ...(options.configFile ? { SWITCHYARD_CONFIG: options.configFile } : {}),
        ...(options.consoleDir ? { SWITCHYARD_CONSOLE_DIR: options.consoleDir } : {}),
      },
    });
    this.controlPlane = proc;
    const ready = await proc.ready;
    this.graphqlUrl = String(ready.graphql);
    return this.graphqlUrl;
  }

  /** Stops the control plane: SIGTERM lets it shut down cleanly, SIGKILL is a crash. */
  async stopControlPlane(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.controlPlane?.stop(signal);
    this.controlPlane = undefined;
  }

  /** Starts one more node; `port` 0 picks a free one. */
  async startDataPlane(nodeId: string, port = 0, env: NodeJS.ProcessEnv = {}): Promise<GatewayNode> {
    const base = this.baseEnv();
    const proc = spawnNode({
      name: nodeId,
      script: dataPlaneMain,
      readyMessage: 'gateway listening',
      echo: this.options.echo,
      env: {
        ...base,
        SWITCHYARD_NODE_ID: nodeId,
        SWITCHYARD_STATE_DIR: join(this.options.stateDir, nodeId),
        SWITCHYARD_CONTROL_PLANE_GRPC: this.grpcAddress,
        SWITCHYARD_GATEWAY_HOST: this.options.host ?? '127.0.0.1',
        SWITCHYARD_GATEWAY_PORT: String(port),
        ...env,
        NODE_OPTIONS: withNodeOptions(DATA_PLANE_NODE_OPTIONS, env.NODE_OPTIONS ?? base.NODE_OPTIONS),
      },
    });
    const ready = await proc.ready;
    const node = { nodeId, url: String(ready.url), process: proc };
    this.nodes.push(node);
    return node;
  }

  /** Resolves once the node answers `/readyz` with 200 (a snapshot applied); rejects after `timeoutMs`. */
  async waitUntilReady(node: GatewayNode, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await fetch(`${node.url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline)
        throw new Error(`${node.nodeId} has no snapshot applied after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stopDataPlane(node: GatewayNode, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await node.process.stop(signal);
    this.nodes.splice(this.nodes.indexOf(node), 1);
  }

  /** Stops every node, then the control plane. */
  async stop(): Promise<void> {
    await Promise.all([...this.nodes].map((n) => this.stopDataPlane(n)));
    await this.stopControlPlane();
  }

  /** Every log line of every process started so far that is still tracked. */
  allLogs(): string[] {
    return [...(this.controlPlane?.logs ?? []), ...this.nodes.flatMap((n) => n.process.logs)];
  }
}
