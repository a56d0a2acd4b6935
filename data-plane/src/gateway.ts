import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { decodeSnapshot, type HeartbeatRequest } from '@switchyard/proto';
import { NatsCacheStore } from './cache/nats-cache-store';
import { ResponseCache, SEMANTIC_KEYS } from './cache/response-cache';
import { loadConfig, type GatewayConfig } from './config';
import { BudgetLedger } from './governance/budget-ledger';
import { Heartbeat } from './heartbeat';
import { createGatewayServer } from './http/server';
import { gatewayRoutes } from './http/routes';
import { createLogger } from './logger';
import { lazyMcpGateway } from './mcp/lazy-mcp-gateway';
import { startRateLimiter } from './governance/rate-limit-admission';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { NatsLink } from './nats/nats-link';
import { PROVIDER_ADAPTERS } from './providers/registry';
import { UpstreamPools } from './providers/upstream-pools';
import { Embedders } from './routing/semantic/embedders';
import { HealthRegistry } from './routing/target-health';
import { NatsSnapshotSource } from './snapshot/nats-source';
import { SnapshotFile } from './snapshot/snapshot-file';
import { SnapshotStore } from './snapshot/snapshot-store';
import { startTracing } from './telemetry';
import { SpillStore } from './usage/spill-store';
import { ControlPlaneClient } from './usage/telemetry-client';
import { UsagePipeline } from './usage/usage-pipeline';

const SOFTWARE_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;
// How long shutdown waits for in-flight requests (streams can be long) before cutting them.
const DRAIN_TIMEOUT_MS = 25_000;
const FINAL_FLUSH_MS = 2000;

/** What a node reports about itself in heartbeats (all fields always set). */
export interface NodeStatus extends HeartbeatRequest {
  nodeId: string;
  hostname: string;
  snapshotVersion: number;
  snapshotHash: string;
  uptimeSeconds: number;
  softwareVersion: string;
  usageQueueDepth: number;
  usageSpilled: number;
  lastSnapshotError: string;
  gatewayUrl: string;
}

/** A running gateway node. */
export interface Gateway {
  /** Where it serves, e.g. `http://127.0.0.1:8080`. */
  url: string;
  nodeId: string;
  /** What the node reports in its heartbeats. */
  status(): NodeStatus;
  /** Stops accepting, finishes in-flight requests, flushes (or spills) usage, disconnects. */
  close(): Promise<void>;
}

function urlFor(address: AddressInfo): string {
  const { address: host, port } = address;
  if (host === '0.0.0.0' || host === '::') return `http://127.0.0.1:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

/**
 * Starts a gateway node from environment variables (see the shared brief). Serves from the
 * local snapshot copy at once if there is one; NATS and the control plane are reached in
 * the background and never block start-up or requests.
 */
export async function startGateway(env: NodeJS.ProcessEnv = process.env): Promise<Gateway> {
  const config: GatewayConfig = loadConfig(env);
  const logger = createLogger(config.logLevel, config.nodeId);
  const startedAt = Date.now();
  await mkdir(config.stateDir, { recursive: true });

  const pools = new UpstreamPools(config.outbound);
  const health = new HealthRegistry();
  // The gauges read the store and the usage pipeline only at scrape time, after both exist.
  const metrics: GatewayMetrics = new GatewayMetrics({
    snapshot: () => store.current,
    usageQueueDepth: () => usage.queueDepth,
    usageSpilled: () => usage.spilledCount,
    health,
    cacheSemanticEntries: () => cache.index.size,
  });
  const store: SnapshotStore = new SnapshotStore({
    snapshotKey: config.snapshotKey,
    file: new SnapshotFile(config.stateDir),
    deps: { pools, adapters: PROVIDER_ADAPTERS, health, embedders: new Embedders(config.upstreamTimeoutMs) },
    logger,
    observer: metrics,
  });
  await store.loadFromDisk();

  const controlPlane = new ControlPlaneClient(
    config.controlPlaneGrpc,
    config.nodeToken,
    config.controlPlaneTls,
  );
  const spill = new SpillStore(join(config.stateDir, 'usage'), logger);
  await spill.init();
  const usage = new UsagePipeline({
    nodeId: config.nodeId,
    memoryLimit: config.usageMemoryLimit,
    flushMs: config.usageFlushMs,
    spill,
    sender: controlPlane,
    logger,
  });
  usage.start();
  // Every usage record passes the budget ledger, which counts this node's own spend.
  const budgets = new BudgetLedger(usage, config.nodeId, () => store.current?.budgets);

  // One NATS connection for everything the node does over NATS, made in the background.
  const natsLink = new NatsLink({
    natsUrl: config.natsUrl,
    security: config.natsSecurity,
    nodeId: config.nodeId,
    logger,
  });
  natsLink.start();

  // Cached answers are shared through NATS; until it is reached every lookup is a miss.
  const cache = new ResponseCache({
    memoryEntries: config.cacheMemoryEntries,
    semanticEntries: config.cacheSemanticEntries,
  });
  const cacheStore = new NatsCacheStore({
    link: natsLink,
    bucket: config.cacheBucket,
    logger,
    lookupTimeoutMs: config.cacheLookupTimeoutMs,
    watchKeys: SEMANTIC_KEYS,
    onEntry: (key, value) => cache.learn(key, value),
  });
  cache.attach(cacheStore);
  cacheStore.start();

  // Rate-limit counts are exchanged over NATS; until it is reached each node enforces limits alone.
  const rateLimits = startRateLimiter({
    link: natsLink,
    subjectPrefix: config.rateLimitSubject,
    syncMs: config.rateLimitSyncMs,
    nodeTtlMs: config.rateLimitNodeTtlMs,
    nodeId: config.nodeId,
    logger,
    metrics,
  });

  const mcp = lazyMcpGateway({
    store,
    usage: budgets,
    nodeId: config.nodeId,
    logger,
    timeoutMs: config.upstreamTimeoutMs,
    maxBodyBytes: config.maxBodyBytes,
    fetch: pools.fetch,
    metrics,
    rateLimits,
  });
  // Tracing off: the SDK is never loaded and the route table is the plain one.
  const tracing = config.tracing
    ? await startTracing(config.tracing, { nodeId: config.nodeId, softwareVersion: SOFTWARE_VERSION, logger })
    : null;
  const routes = gatewayRoutes(store, metrics, mcp);
  const { server, drained, beginShutdown } = createGatewayServer(
    tracing ? tracing.wrapRoutes(routes) : routes,
    {
      nodeId: config.nodeId,
      logger,
      usage: budgets,
      budgets,
      metrics,
      maxBodyBytes: config.maxBodyBytes,
      upstreamTimeoutMs: config.upstreamTimeoutMs,
      cache,
      rateLimits,
    },
    config,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger.error({ err: err.message }, 'http server error'));
  const url = urlFor(server.address() as AddressInfo);

  const nats = new NatsSnapshotSource({
    link: natsLink,
    bucket: config.snapshotBucket,
    logger,
    onSnapshot: (text) => store.offer(text),
    decode: (value, kv) => decodeSnapshot(value, async (key) => (await kv.get(key))?.value ?? null),
    onUndecodable: (reason) => store.reject(reason, 'nats'),
  });
  nats.start();
  const budgetState = new NatsSnapshotSource({
    link: natsLink,
    bucket: config.budgetBucket,
    key: '>',
    logger,
    onSnapshot: (text) => budgets.applyState(text),
  });
  budgetState.start();

  const status = (): NodeStatus => ({
    nodeId: config.nodeId,
    hostname: hostname(),
    snapshotVersion: store.current?.version ?? 0,
    snapshotHash: store.current?.hash ?? '',
    uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
    softwareVersion: SOFTWARE_VERSION,
    usageQueueDepth: usage.queueDepth,
    usageSpilled: usage.spilledCount,
    lastSnapshotError: store.lastError,
    gatewayUrl: url,
  });
  const heartbeat = new Heartbeat(controlPlane, config.heartbeatMs, status, logger);
  heartbeat.start();

  logger.info({ url, snapshotVersion: store.current?.version ?? 0 }, 'gateway listening');

  let closing: Promise<void> | null = null;
  const close = async (): Promise<void> => {
    logger.info('gateway shutting down');
    beginShutdown();
    server.close();
    server.closeIdleConnections();
    // Ends MCP sessions and their open streams, which would otherwise hold the drain.
    await mcp.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      drained(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    server.closeAllConnections();
    heartbeat.stop();
    // Its users stop their watches first; closing the link then ends any NATS call in flight.
    const natsUsers = Promise.all([
      nats.close(),
      budgetState.close(),
      cacheStore.close(),
      rateLimits.close(),
    ]);
    await natsLink.close();
    await natsUsers;
    await store.settled();
    await usage.close(FINAL_FLUSH_MS);
    controlPlane.close();
    await pools.closeAll();
    await tracing?.shutdown();
    logger.info({ spilled: usage.spilledCount }, 'gateway stopped');
  };

  return {
    url,
    nodeId: config.nodeId,
    status,
    close: () => (closing ??= close()),
  };
}
