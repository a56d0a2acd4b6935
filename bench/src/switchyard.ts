import { startBenchPlatform } from './platform';
import { routingRoutes } from './routing';
import type { Gateway } from './gateway';

export interface SwitchyardOptions {
  postgresUrl: string;
  natsUrl: string;
  upstreamBaseUrl: string;
  upstreamKey: string;
}

/**
 * A real Switchyard platform: the control plane and one data-plane node as child processes,
 * on a database and a NATS bucket of their own (both removed by `stop()`), configured
 * through GraphQL `applyConfig` with a provider at the fake upstream, route `fast` (and the
 * routing benchmark's routes) and a key.
 */
export async function startSwitchyard(options: SwitchyardOptions): Promise<Gateway> {
  const started = await startBenchPlatform({
    ...options,
    prefix: 'sy-bench',
    workspaces: (keySecret) => [
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
    nodeIds: ['bench-node'],
  });
  const [node] = started.nodes;
  return {
    name: 'Switchyard data plane',
    key: 'switchyard',
    url: `${node.url}/v1/chat/completions`,
    model: 'fast',
    headers: { authorization: `Bearer ${started.keySecret}` },
    pid: node.process.child.pid!,
    helperPids: [started.platform.controlPlane!.child.pid!],
    recentOutput: started.recentOutput,
    stop: started.stop,
  };
}
