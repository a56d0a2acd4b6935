import { cpus } from 'node:os';
import { percentile } from '../load';
import { MB } from '../proc-stats';
import type { SoakResult } from './drive';
import { CONNECTIONS, intervalFailures, totalFailures } from './mixed-load';
import type { SoakNode } from './platform';
import { allFlat, rssTrends, TREND_LIMIT_MB_PER_MIN } from './trend';

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const mb = (v: number | undefined) => (v === undefined ? '–' : (v / MB).toFixed(0));
const sorted = (values: number[]) => Float64Array.from(values).sort();

/** The soak's markdown section: what ran, the totals, each process, each interval, the targets. */
export function renderSoak(r: SoakResult, nodes: SoakNode[]): string {
  const cpu = cpus();
  const all = sorted([...r.byKind.plain.latencies, ...r.byKind.stream.latencies]);
  const failed = totalFailures(r);
  const names = [...nodes.map((n) => n.nodeId), 'control plane'];
  // RSS at the end of each interval: the last sample taken in it.
  const rssAt = (end: number) => [...r.samples].reverse().find((s) => s.t <= end + 0.5)?.rss;
  const firstInterval = rssAt(r.intervalS);
  const last = r.samples[r.samples.length - 1]?.rss;
  const trend = rssTrends(r.samples, r.seconds, names.length);
  const flat = allFlat(trend);
  const minutes = (r.seconds / 60).toFixed(1);
  const short = r.seconds < 300;

  const lines = [
    '## Soak',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}. ` +
      `**Duration: ${r.seconds.toFixed(0)} s** (\`BENCH_SOAK_S\`; the default is 600 s)` +
      (short ? ' — a short run: the RSS trend over its second half says little about a leak.' : '.'),
    '',
    `The real platform (control plane + ${nodes.length} data-plane nodes, LOG_LEVEL=info) in front of the fake OpenAI upstream, ` +
      `${CONNECTIONS} keep-alive connections from autocannon spread evenly over the nodes, half sending streaming requests ` +
      '(`stream_options.include_usage`), half not. Every request goes through a `weighted` route over two provider accounts ' +
      'and a workspace guardrail policy (`pii` redact on input and output — every request carries an email address, which ' +
      'is redacted — and a `regex_deny` the load never matches); before the load, each node showed the redaction, a denial and both ' +
      'accounts answering. Latencies are of 2xx responses (a stream: until its last byte). RSS is each process’s VmRSS, sampled every second.',
    '',
    `Other processes on the machine (other agents’ work: it is shared) used ${(r.othersShare * 100).toFixed(0)}% of its CPU during the soak ` +
      '(0% on an otherwise idle machine), so absolute rates are lower than on a quiet one; the trends are what this section is for.',
    '',
    '| requests | 2xx | req/s | p50 (ms) | p99 (ms) | non-2xx | errors |',
    '|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const [label, k] of [
    ['non-streaming', r.byKind.plain],
    ['streaming', r.byKind.stream],
  ] as const) {
    const s = sorted(k.latencies);
    lines.push(
      `| ${label} | ${s.length} | ${(s.length / r.seconds).toFixed(0)} | ${ms(percentile(s, 50))} | ${ms(percentile(s, 99))} | ${k.non2xx} | ${k.errors} |`,
    );
  }
  lines.push(
    `| all | ${all.length} | ${(all.length / r.seconds).toFixed(0)} | ${ms(percentile(all, 50))} | ${ms(percentile(all, 99))} | ` +
      `${r.byKind.plain.non2xx + r.byKind.stream.non2xx} | ${r.byKind.plain.errors + r.byKind.stream.errors} |`,
  );
  if (r.errorMessages.length) lines.push('', `First errors: ${r.errorMessages.join('; ')}.`);

  lines.push(
    '',
    `| process | 2xx served | CPU ms / 1k req | RSS idle (MB) | after ${r.intervalS} s | at end | max | slope, 2nd half (MB/min) |`,
    '|---|--:|--:|--:|--:|--:|--:|--:|',
  );
  names.forEach((name, i) => {
    const isNode = i < nodes.length;
    // A node's CPU per request it served; the control plane's per request of the whole run.
    const cpuPerK = (r.cpuMs[i] / (isNode ? r.okPerNode[i] : all.length)) * 1000;
    lines.push(
      `| ${name} | ${isNode ? r.okPerNode[i] : '–'} | ${Number.isFinite(cpuPerK) ? cpuPerK.toFixed(0) : '–'} | ${mb(r.idleRss[i])} | ` +
        `${mb(firstInterval?.[i])} | ${mb(last?.[i])} | ${mb(Math.max(...r.samples.map((s) => s.rss[i])))} | ` +
        `${Number.isFinite(trend[i]) ? trend[i].toFixed(2) : '–'} |`,
    );
  });

  lines.push(
    '',
    `Every ${r.intervalS} s (RSS at the end of the interval):`,
    '',
    `| t (s) | req/s | p50 (ms) | p99 (ms) | failed | ${names.map((n) => `RSS ${n} (MB)`).join(' | ')} |`,
    `|--:|--:|--:|--:|--:|${names.map(() => '--:').join('|')}|`,
  );
  r.intervals.forEach((interval, i) => {
    const end = Math.min(r.seconds, (i + 1) * r.intervalS);
    const length = end - i * r.intervalS;
    const s = sorted(interval.latencies);
    const rss = rssAt(end);
    lines.push(
      `| ${end.toFixed(0)} | ${(s.length / length).toFixed(0)} | ${ms(percentile(s, 50))} | ${ms(percentile(s, 99))} | ` +
        `${intervalFailures(interval)} | ${names.map((_, j) => mb(rss?.[j])).join(' | ')} |`,
    );
  });

  lines.push(
    '',
    '| target | measured | met |',
    '|---|--:|:-:|',
    `| no failed requests in ${minutes} min | ${failed} | ${failed === 0 ? '✓' : '✗'} |`,
    `| RSS flat over the second half (\\|slope\\| ≤ ${TREND_LIMIT_MB_PER_MIN} MB/min, every process) | ` +
      `${trend.map((s) => (Number.isFinite(s) ? s.toFixed(2) : '–')).join(' / ')} MB/min | ${flat ? '✓' : '✗'}${short ? ' (short run)' : ''} |`,
  );
  return lines.join('\n') + '\n';
}
