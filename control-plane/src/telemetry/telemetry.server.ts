import * as grpc from '@grpc/grpc-js';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { grpcServerCredentials, loadTelemetry } from '@switchyard/proto';
import type { Logger } from 'pino';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { PINO_LOGGER } from '../logging/logging.module';
import { ControlPlaneMetrics } from '../metrics/control-plane-metrics.service';
import { NodesService } from '../nodes/nodes.service';
import { SnapshotsService } from '../snapshots/snapshots.service';
import { UsageService } from '../usage/usage.service';
import { telemetryHandlers } from './telemetry.handlers';

const SHUTDOWN_GRACE_MS = 5000;

/** The gRPC endpoint data-plane nodes report usage and heartbeats to. */
@Injectable()
export class TelemetryServer implements OnApplicationShutdown {
  private server: grpc.Server | null = null;

  constructor(
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly usage: UsageService,
    private readonly nodes: NodesService,
    private readonly snapshots: SnapshotsService,
    private readonly metrics: ControlPlaneMetrics,
  ) {}

  /** Binds SWITCHYARD_GRPC_ADDR; resolves to the actual `host:port` (port 0 picks a free one). */
  async listen(): Promise<string> {
    const server = new grpc.Server();
    server.addService(
      loadTelemetry().Telemetry.service,
      telemetryHandlers({
        nodeToken: this.config.nodeToken,
        usage: this.usage,
        nodes: this.nodes,
        snapshots: this.snapshots,
        metrics: this.metrics,
        logger: this.logger,
      }),
    );
    const { grpcHost: host, grpcPort } = this.config;
    const bindHost = host.includes(':') ? `[${host}]` : host;
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        `${bindHost}:${grpcPort}`,
        grpcServerCredentials(this.config.grpcTls),
        (error, bound) =>
          error
            ? reject(
                new Error(`SWITCHYARD_GRPC_ADDR: cannot listen on ${bindHost}:${grpcPort}: ${error.message}`),
              )
            : resolve(bound),
      ),
    );
    this.server = server;
    return `${bindHost}:${port}`;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, SHUTDOWN_GRACE_MS);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}
