import type { Gateway } from './gateway';
import type { LoadResult } from './load';
import { MB } from './proc-stats';

export type Scenario = 'c1' | 'c32' | 'stream32';
export type Results = Map<Gateway['key'], { name: string; runs: Partial<Record<Scenario, LoadResult>> }>;

export const SCENARIOS: { id: Scenario; connections: number; stream: boolean; label: string }[] = [
  { id: 'c1', connections: 1, stream: false, label: 'c=1' },
  { id: 'c32', connections: 32, stream: false, label: 'c=32' },
  { id: 'stream32', connections: 32, stream: true, label: 'c=32 stream' },
];

const RSS_LIMIT_MB = 120;

const rps = (r?: LoadResult) => (r ? r.rps.toFixed(0) : '–');
const ms = (v?: number) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(2));
const times = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '–');
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : '–');
const mark = (ok: boolean) => (ok ? '✓' : '✗');

function failures(runs: Partial<Record<Scenario, LoadResult>>): string {
  const parts: string[] = [];
  for (const [id, run] of Object.entries(runs)) {
    const codes = Object.entries(run.non2xx).map(([code, n]) => `${n}×${code}`);
    if (run.errors) codes.push(`${run.errors} errors`);
    if (codes.length) parts.push(`${id}: ${codes.join(', ')}`);
  }
  return parts.length ? parts.join('; ') : 'none';
}

const maxRss = (runs: Partial<Record<Scenario, LoadResult>>) =>
  Math.max(0, ...Object.values(runs).map((r) => r.maxRssBytes));

/** The markdown report: measurements, ratios against the bare proxy, and the targets. */
export function renderReport(results: Results, header: string[]): string {
  const lines = header.flatMap((paragraph) => [paragraph, '']);
  lines.push(
    '| gateway | req/s c=1 | req/s c=32 | req/s c=32 stream | p50 c=1 (ms) | p99 c=32 (ms) | max RSS (MB) | CPU ms / 1k req c=32 | non-2xx / errors |',
    '|---|--:|--:|--:|--:|--:|--:|--:|---|',
  );
  for (const { name, runs } of results.values()) {
    lines.push(
      `| ${name} | ${rps(runs.c1)} | ${rps(runs.c32)} | ${rps(runs.stream32)} | ${ms(runs.c1?.p50)} | ${ms(runs.c32?.p99)} | ${(maxRss(runs) / MB).toFixed(0)} | ${ms(runs.c32?.cpuMsPerKRequests).replace(/\.\d+$/, '')} | ${failures(runs)} |`,
    );
  }
  const bare = results.get('bare')!.runs;
  lines.push(
    '',
    '| vs bare proxy | req/s c=1 | req/s c=32 | req/s c=32 stream | p50 c=1 | p99 c=32 |',
    '|---|--:|--:|--:|--:|--:|',
  );
  for (const [key, { name, runs }] of results) {
    if (key === 'bare') continue;
    const ratio = (s: Scenario) => (runs[s] && bare[s] ? runs[s].rps / bare[s].rps : NaN);
    lines.push(
      `| ${name} | ${pct(ratio('c1'))} | ${pct(ratio('c32'))} | ${pct(ratio('stream32'))} | ${times((runs.c1?.p50 ?? NaN) / (bare.c1?.p50 ?? NaN))} | ${times((runs.c32?.p99 ?? NaN) / (bare.c32?.p99 ?? NaN))} |`,
    );
  }
  const sy = results.get('switchyard');
  if (sy) {
    const clean = failures(sy.runs) === 'none';
    const note = clean ? '' : ' (Switchyard had failed requests)';
    const ofBare = (sy.runs.c32?.rps ?? NaN) / (bare.c32?.rps ?? NaN);
    const p50 = (sy.runs.c1?.p50 ?? NaN) / (bare.c1?.p50 ?? NaN);
    const rss = maxRss(sy.runs) / MB;
    lines.push('', '| target (Switchyard) | measured | met |', '|---|--:|:-:|');
    lines.push(
      `| req/s at c=32 ≥ 60% of the bare proxy | ${pct(ofBare)} | ${mark(clean && ofBare >= 0.6)}${note} |`,
    );
    const portkey = results.get('portkey');
    if (portkey) {
      const ofPortkey = (sy.runs.c32?.rps ?? NaN) / (portkey.runs.c32?.rps ?? NaN);
      lines.push(
        `| req/s at c=32 ≥ 10× Portkey's | ${times(ofPortkey)} | ${mark(clean && ofPortkey >= 10)}${note} |`,
      );
    }
    lines.push(
      `| p50 at c=1 ≤ 1.5× the bare proxy's | ${times(p50)} | ${mark(clean && p50 <= 1.5)}${note} |`,
    );
    lines.push(
      `| RSS under load ≤ ${RSS_LIMIT_MB} MB | ${rss.toFixed(0)} MB | ${mark(clean && rss <= RSS_LIMIT_MB)}${note} |`,
    );
    lines.push('', ...reach(results, ofBare));
  }
  return lines.join('\n') + '\n';
}

/**
 * What the throughput targets ask for, in the same run: how far the minimal gateway (the
 * necessary work alone) gets, and what share of the bare proxy 10× Portkey's would be.
 */
function reach(results: Results, switchyardOfBare: number): string[] {
  const bare = results.get('bare')!.runs.c32?.rps ?? NaN;
  const minimal = results.get('minimal')?.runs.c32?.rps;
  const portkey = results.get('portkey')?.runs.c32?.rps;
  const parts: string[] = [];
  if (minimal !== undefined) {
    parts.push(
      `At c=32 the minimal gateway (the necessary work alone, see bench/README.md) reaches ${pct(minimal / bare)} of the bare proxy, ` +
        `and Switchyard ${pct(switchyardOfBare / (minimal / bare))} of the minimal gateway.`,
    );
  }
  if (portkey !== undefined)
    parts.push(`10× Portkey's req/s at c=32 would be ${pct((10 * portkey) / bare)} of the bare proxy.`);
  return parts.length ? [parts.join(' ')] : [];
}
