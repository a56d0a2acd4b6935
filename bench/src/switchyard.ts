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
import { track } from './children';
import { routingRoutes } from './routing';
import type { Gateway } from './gateway';

export interface SwitchyardOptions {
  postgresUrl: string;
  natsUrl: string;
  upstreamBaseUrl: string;
  upstreamKey: string;
}

const APPLY = `mutation Apply($input: ApplyConfigInput!) {
  applyConfig(input: $input) { snapshotVersion }
}`;

/**
 * A real Switchyard platform: the control plane and one data-plane node as child processes,
 * on a database and a NATS bucket of their own (both removed by `stop()`), configured
 * through GraphQL `applyConfig` with a provider at the fake upstream, route `fast` (and the
 * routing benchmark's routes) and a key.
 */
export async function startSwitchyard(options: SwitchyardOptions): Promise<Gateway> {
  const bucket = `sy-bench-${randomSuffix()}`;
  const stateDir = mkdtempSync(join(tmpdir(), 'sy-bench-'));
  const secrets = generateSecrets();
  const keySecret = `sy-bench-${randomBytes(16).toString('hex')}`;

  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(e));
    cleanups.length = 0;
  };
  try {
    cleanups.push(async () => rmSync(stateDir, { recursive: true, force: true }));
    const database = await createScratchDatabase(options.postgresUrl, 'sy_bench');
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
      input: {
        workspaces: [
          {
            slug: 'bench',
            name: 'Benchmark',
            providers: [
              {
                name: 'fake-openai',
                kind: 'openai',
                baseUrl: options.upstreamBaseUrl,
                apiKey: options.upstreamKey,
              },
            ],
            routes: [
              { alias: 'fast', targets: [{ provider: 'fake-openai', model: 'gpt-4o-mini' }] },
              // Measured against `fast` by the routing benchmark; unused otherwise.
              ...routingRoutes('fake-openai'),
            ],
            keys: [{ name: 'bench', secret: keySecret }],
          },
        ],
      },
    });
    const node = await platform.startDataPlane('bench-node');
    track(node.process.child);
    await platform.waitUntilReady(node);
    return {
      name: 'Switchyard data plane',
      key: 'switchyard',
      url: `${node.url}/v1/chat/completions`,
      model: 'fast',
      headers: { authorization: `Bearer ${keySecret}` },
      pid: node.process.child.pid!,
      helperPids: [platform.controlPlane!.child.pid!],
      recentOutput: () =>
        [
          `data plane (exit: ${node.process.child.exitCode ?? node.process.child.signalCode ?? 'running'}):`,
          ...node.process.logs.slice(-20),
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
