import { MB } from '../proc-stats';
import { intervalFailures, newTally, startMixedLoad, type Tally } from './mixed-load';
import type { SoakPlatform } from './platform';
import { watchProcesses, type ProcessUsage } from './process-usage';

/** How long the load runs, and the process beside the platform's that serves it. */
export interface SoakLoadOptions {
  /** The fake upstream's process, counted as ours when telling how busy the machine was. */
  upstreamPid: number;
  /** Seconds of load. */
  seconds: number;
}

/**
 * A soak's measurements. Per-process arrays (RSS, CPU) hold the nodes in order, then the
 * control plane; `intervals` cover the run in steps of `intervalS` seconds.
 */
export interface SoakResult extends Tally, ProcessUsage {
  /** Seconds the load really ran. */
  seconds: number;
  intervalS: number;
}

/** Interval length: 30 s for the default 10 minutes, shorter for short runs (at least 12 points). */
export function soakIntervalS(seconds: number): number {
  return Math.min(30, Math.max(5, Math.floor(seconds / 12)));
}

/**
 * The soak proper: the mixed load while every platform process is watched, with a line on
 * progress after each interval. A process that dies stops the load and fails the run.
 */
export async function drive(
  platform: SoakPlatform,
  options: SoakLoadOptions,
  log: (m: string) => void,
): Promise<SoakResult> {
  const intervalS = soakIntervalS(options.seconds);
  const count = Math.ceil(options.seconds / intervalS);
  const tally = newTally(count, platform.nodes.length);
  const pids = [...platform.nodes.map((n) => n.pid), platform.controlPlanePid];
  let gone: string | undefined;
  let logged = 0;
  const watch = watchProcesses(pids, [process.pid, options.upstreamPid], {
    gone: (index) => {
      gone = index < platform.nodes.length ? platform.nodes[index].nodeId : 'the control plane';
      load.stop();
    },
    sample: (t, rss) => {
      const done = Math.min(count, Math.floor(t / intervalS));
      if (done <= logged) return;
      logged = done;
      const i = tally.intervals[done - 1];
      log(
        `soak ${done * intervalS} s: ${(i.latencies.length / intervalS).toFixed(0)} req/s, ` +
          `${intervalFailures(i)} failed, ` +
          `RSS ${rss.map((r) => ((r ?? 0) / MB).toFixed(0)).join(' / ')} MB (nodes / control plane)`,
      );
    },
  });
  const load = startMixedLoad(platform, options.seconds, tally, () =>
    Math.min(count - 1, Math.floor(watch.elapsedS() / intervalS)),
  );
  try {
    await load.finished;
  } finally {
    watch.stop();
  }
  const seconds = watch.elapsedS();
  if (gone) throw new Error(`${gone} died during the soak. Last output:\n${platform.recentOutput()}`);
  return { seconds, intervalS, ...tally, ...watch.usage(seconds) };
}
