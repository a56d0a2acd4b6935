import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { Client } from 'pg';
import { generateSecrets, Platform } from '@switchyard/local';
import { freePort, track } from './children';
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

async function adminQuery(pgUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function applyConfig(url: string, token: string, input: unknown): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: APPLY, variables: { input } }),
  });
  const body = (await response.json()) as {
    data?: { applyConfig: { snapshotVersion: number } };
    errors?: { message: string }[];
  };
  if (!body.data || body.errors?.length) {
    throw new Error(
      `applyConfig failed: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`,
    );
  }
  return body.data.applyConfig.snapshotVersion;
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the data plane at ${url} never became ready (/readyz)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A real Switchyard platform: the control plane and one data-plane node as child processes,
 * on a database and a NATS bucket of their own (both removed by `stop()`), configured
 * through GraphQL `applyConfig` with a provider at the fake upstream, route `fast` and a key.
 */
export async function startSwitchyard(options: SwitchyardOptions): Promise<Gateway> {
  const suffix = randomBytes(5).toString('hex');
  const database = `sy_bench_${suffix}`;
  const bucket = `sy-bench-${suffix}`;
  const stateDir = mkdtempSync(join(tmpdir(), 'sy-bench-'));
  const secrets = generateSecrets();
  const keySecret = `sy-bench-${randomBytes(16).toString('hex')}`;
  const dbUrl = new URL(options.postgresUrl);
  dbUrl.pathname = `/${database}`;

  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(e));
    cleanups.length = 0;
  };
  try {
    cleanups.push(async () => rmSync(stateDir, { recursive: true, force: true }));
    await adminQuery(options.postgresUrl, `CREATE DATABASE ${database}`);
    cleanups.push(() => adminQuery(options.postgresUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    cleanups.push(async () => {
      const nc = await connect({ servers: options.natsUrl });
      try {
        const jsm = await nc.jetstreamManager();
        await jsm.streams.delete(`KV_${bucket}`).catch(() => undefined);
      } finally {
        await nc.close();
      }
    });
    const platform = new Platform({
      databaseUrl: dbUrl.toString(),
      natsUrl: options.natsUrl,
      secrets,
      bucket,
      apiPort: await freePort(),
      grpcPort: await freePort(),
      stateDir,
      // Their defaults: the ready lines the launcher waits for are logged at info.
      env: { LOG_LEVEL: 'info' },
    });
    cleanups.push(() => platform.stop());
    const graphqlUrl = await platform.startControlPlane();
    track(platform.controlPlane!.child);
    await applyConfig(graphqlUrl, secrets.adminToken, {
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
          routes: [{ alias: 'fast', targets: [{ provider: 'fake-openai', model: 'gpt-4o-mini' }] }],
          keys: [{ name: 'bench', secret: keySecret }],
        },
      ],
    });
    const node = await platform.startDataPlane('bench-node');
    track(node.process.child);
    await waitUntilReady(node.url, 15_000);
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
