import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { AuditRecorder } from './audit/audit-recorder.service';
import { startupConfigAudit } from './audit/audit-context';
import { loadConfigFile } from './config-apply/load-config-file';
import { ConfigApplyService } from './config-apply/config-apply.service';
import { parseEnv } from './config/env';
import { serveConsole } from './console-static/console-static';
import { createLogger, NestPinoLogger } from './logging/logger';
import { NatsConnectionService } from './snapshots/nats-connection.service';
import { SnapshotPublisher } from './snapshots/snapshot-publisher.service';
import { SnapshotsService } from './snapshots/snapshots.service';
import { TelemetryServer } from './telemetry/telemetry.server';

/** A running control plane. */
export interface ControlPlane {
  /** e.g. `http://127.0.0.1:4000/graphql`. */
  graphqlUrl: string;
  /** `host:port` of the telemetry gRPC server. */
  grpcAddress: string;
  /** Stops HTTP, gRPC, NATS and the database pool. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the control plane from environment variables (see the README): migrates the
 * database, applies SWITCHYARD_CONFIG if set, records and publishes the current snapshot,
 * then serves GraphQL and gRPC. Throws (naming the variable) on bad configuration.
 */
export async function startControlPlane(env: NodeJS.ProcessEnv): Promise<ControlPlane> {
  const config = parseEnv(env);
  const logger = createLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
    bodyParser: true,
  });
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= app.close());
  try {
    // Bearer tokens only, no cookies: any origin may call the API.
    app.enableCors({ origin: '*', methods: ['GET', 'POST', 'OPTIONS'], maxAge: 600 });
    app.disable('x-powered-by');
    // req.ip (audit log, sign-in throttling) reads X-Forwarded-For only from trusted proxies.
    app.set('trust proxy', config.trustProxy);
    // applyConfig carries a whole installation's config; the default 100 kB is too small for that.
    // SCIM clients send application/scim+json.
    app.useBodyParser('json', { limit: '5mb', type: ['application/json', 'application/scim+json'] });
    if (config.consoleDir) serveConsole(app, config.consoleDir);
    await app.init();

    app.get(NatsConnectionService).start();
    if (config.configFile) {
      const input = await loadConfigFile(config.configFile, env);
      const result = await app
        .get(AuditRecorder)
        .run(startupConfigAudit(config.configFile), () => app.get(ConfigApplyService).apply(input));
      const changed = result.changes.filter((c) => c.action !== 'unchanged').length;
      logger.info(
        { file: config.configFile, changed, snapshotVersion: result.snapshotVersion },
        'config file applied',
      );
      for (const key of result.generatedKeys) {
        // Secrets are never logged, so a secret generated here is shown nowhere: say how to avoid that.
        logger.warn(
          { workspace: key.workspace, key: key.name },
          'key created with a generated secret that is not shown; declare `secret: ${VAR}` or create keys with `switchyard apply`',
        );
      }
    } else {
      await app.get(SnapshotsService).recordCurrent();
    }
    await app.get(SnapshotPublisher).publishLatest();

    await app.listen(config.apiPort, config.apiHost);
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const grpcAddress = await app.get(TelemetryServer).listen();
    const host = ['0.0.0.0', '::', ''].includes(config.apiHost) ? '127.0.0.1' : config.apiHost;
    const graphqlUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`;
    logger.info({ graphql: graphqlUrl, grpc: grpcAddress }, 'control plane ready');
    return { graphqlUrl, grpcAddress, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
