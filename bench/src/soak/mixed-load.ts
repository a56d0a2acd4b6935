import autocannon from 'autocannon';
import type { SoakPlatform } from './platform';
import { LOAD_TEXT, soakBody } from './workspace';

/** Keep-alive connections in all: a quarter per node and kind (streaming or not). */
export const CONNECTIONS = 16;

const KINDS = ['plain', 'stream'] as const;
type Kind = (typeof KINDS)[number];

/** What came back during one interval of the run. */
export interface Interval {
  /** Of 2xx responses, ms. */
  latencies: number[];
  /** Responses with a status outside 2xx, by status code. */
  non2xx: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
}

/** What the load got back: per interval of the run, per kind of request, per node. */
export interface Tally {
  intervals: Interval[];
  byKind: Record<Kind, { latencies: number[]; non2xx: number; errors: number }>;
  /** 2xx responses, per node in order. */
  okPerNode: number[];
  /** The first five connection errors, with the node and kind they hit. */
  errorMessages: string[];
}

export function newTally(intervals: number, nodes: number): Tally {
  return {
    intervals: Array.from({ length: intervals }, () => ({ latencies: [], non2xx: {}, errors: 0 })),
    byKind: {
      plain: { latencies: [], non2xx: 0, errors: 0 },
      stream: { latencies: [], non2xx: 0, errors: 0 },
    },
    okPerNode: Array.from({ length: nodes }, () => 0),
    errorMessages: [],
  };
}

/** Requests of an interval that did not get a 2xx. */
export function intervalFailures(interval: Interval): number {
  return Object.values(interval.non2xx).reduce((a, b) => a + b, 0) + interval.errors;
}

/** Requests of the whole run that did not get a 2xx. */
export function totalFailures(tally: Tally): number {
  return Object.values(tally.byKind).reduce((s, k) => s + k.non2xx + k.errors, 0);
}

/**
 * Starts the load for `seconds`: autocannon on every node, half of its connections sending
 * streaming requests and half not. Each answer is counted in `tally`, in the interval that
 * `currentInterval()` names. `stop()` ends it early; `finished` settles once all of it ended.
 */
export function startMixedLoad(
  platform: SoakPlatform,
  seconds: number,
  tally: Tally,
  currentInterval: () => number,
): { finished: Promise<void>; stop(): void } {
  const instances: autocannon.Instance[] = [];
  const finished = Promise.all(
    platform.nodes.flatMap((node, n) =>
      KINDS.map(
        (kind) =>
          new Promise<void>((resolve, reject) => {
            const instance = autocannon(
              {
                url: node.url,
                method: 'POST',
                headers: platform.headers,
                body: soakBody(LOAD_TEXT, kind === 'stream'),
                connections: CONNECTIONS / (platform.nodes.length * KINDS.length),
                duration: seconds,
                timeout: 10,
              },
              (error) => (error ? reject(error as Error) : resolve()),
            );
            instances.push(instance);
            instance.on('response', (_client, statusCode, _bytes, responseTime) => {
              const interval = tally.intervals[currentInterval()];
              if (statusCode >= 200 && statusCode < 300) {
                interval.latencies.push(responseTime);
                tally.byKind[kind].latencies.push(responseTime);
                tally.okPerNode[n]++;
              } else {
                interval.non2xx[statusCode] = (interval.non2xx[statusCode] ?? 0) + 1;
                tally.byKind[kind].non2xx++;
              }
            });
            instance.on('reqError', (error: Error) => {
              tally.intervals[currentInterval()].errors++;
              tally.byKind[kind].errors++;
              if (tally.errorMessages.length < 5) {
                tally.errorMessages.push(`${node.nodeId} ${kind}: ${error.message}`);
              }
            });
          }),
      ),
    ),
  ).then(() => undefined);
  return {
    finished,
    stop: () => {
      for (const instance of instances) instance.stop();
    },
  };
}
