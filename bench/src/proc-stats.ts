import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** The unit RSS is reported in: a megabyte of 10^6 bytes. */
export const MB = 1_000_000;

/** Clock ticks per second, the unit of CPU times in /proc/<pid>/stat. */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Resident set size of a process in bytes (VmRSS), or undefined once it is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU time a process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; `stop()` returns the maximum seen. */
export function sampleRss(pid: number, everyMs = 200): { stop(): number } {
  let max = rssBytes(pid) ?? 0;
  const timer = setInterval(() => {
    max = Math.max(max, rssBytes(pid) ?? 0);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, rssBytes(pid) ?? 0);
    },
  };
}

/** CPU time the whole machine has spent busy (all cores, all processes), in milliseconds. */
export function machineBusyMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return ((user + nice + system + irq + softirq + (steal ?? 0)) * 1000) / TICKS;
}

/**
 * From now on, the share of all cores' time used by processes not in `ours()` (other work on
 * a shared machine, which skews results): 0 on an otherwise idle machine.
 */
export function othersCpuShare(ours: () => number[]): () => number {
  const oursMs = () => ours().reduce((sum, pid) => sum + cpuMs(pid), 0);
  const busyBefore = machineBusyMs() - oursMs();
  const start = Date.now();
  return () => (machineBusyMs() - oursMs() - busyBefore) / ((Date.now() - start) * cpus().length);
}
