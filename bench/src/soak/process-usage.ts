import { cpuMs, othersCpuShare, rssBytes } from '../proc-stats';

/** Every watched process's RSS at one moment. */
export interface RssSample {
  /** Seconds since the load started. */
  t: number;
  /** Bytes, per process: the nodes in order, then the control plane. */
  rss: number[];
}

/** What the watched processes used during the load. */
export interface ProcessUsage {
  /** RSS per process just before the load, bytes. */
  idleRss: number[];
  /** One a second, and a last one at the end. */
  samples: RssSample[];
  /** CPU time per process, ms. */
  cpuMs: number[];
  /** Share of all cores' time used by processes not ours (0 on an otherwise idle machine). */
  othersShare: number;
}

/**
 * Watches `pids` from now on, the load's start: their RSS every second and their CPU time, and
 * how busy the rest of the machine is (`alsoOurs` are processes that are not watched but whose
 * CPU is not "the rest" either). `onSample` gets each second's readings (undefined for a
 * process that is gone) and `onGone`, once, the index of the first process found gone, whose
 * second is not sampled. `stop()` stops sampling; then `usage(seconds)` adds a last sample.
 */
export function watchProcesses(
  pids: number[],
  alsoOurs: number[],
  on: { sample(t: number, rss: (number | undefined)[]): void; gone(index: number): void },
): { elapsedS(): number; stop(): void; usage(seconds: number): ProcessUsage } {
  const idleRss = pids.map((pid) => rssBytes(pid) ?? 0);
  const cpuBefore = pids.map((pid) => cpuMs(pid));
  const othersShare = othersCpuShare(() => [...alsoOurs, ...pids]);
  const samples: RssSample[] = [];
  let gone = false;
  const start = Date.now();
  const elapsedS = () => (Date.now() - start) / 1000;
  const timer = setInterval(() => {
    const rss = pids.map((pid) => rssBytes(pid));
    const dead = rss.findIndex((r) => r === undefined);
    if (dead >= 0 && !gone) {
      gone = true;
      on.gone(dead);
      return;
    }
    const t = elapsedS();
    // Only a run in which no process died is reported, so reported samples are whole.
    samples.push({ t, rss: rss as number[] });
    on.sample(t, rss);
  }, 1000);
  return {
    elapsedS,
    stop: () => clearInterval(timer),
    usage: (seconds) => {
      samples.push({ t: seconds, rss: pids.map((pid) => rssBytes(pid) ?? 0) });
      return {
        idleRss,
        samples,
        cpuMs: pids.map((pid, i) => cpuMs(pid) - cpuBefore[i]),
        othersShare: othersShare(),
      };
    },
  };
}
