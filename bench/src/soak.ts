/**
 * The soak: a real platform (control plane + two data-plane nodes) under a steady mixed load
 * for minutes, with routing (a `weighted` route over two provider accounts) and guardrails
 * (a workspace policy: `pii` redact on input and output, and a `regex_deny` the load never
 * matches) on every request. Reports throughput, latency, every failure (the target is none)
 * and each process's RSS over time, with its trend over the second half: a leak shows as a
 * slope, not as one number past a threshold.
 */
import { drive, soakIntervalS, type SoakLoadOptions } from './soak/drive';
import { CONNECTIONS, totalFailures } from './soak/mixed-load';
import { NODE_IDS, startSoakPlatform, type SoakPlatformOptions } from './soak/platform';
import { checkSoak } from './soak/check';
import { renderSoak } from './soak/report';

/** Where the soak's platform runs, and how long its load lasts. */
export type SoakOptions = SoakPlatformOptions & SoakLoadOptions;

/** Runs the soak on a platform of its own (removed afterwards); returns its markdown section. */
export async function runSoak(options: SoakOptions, log: (message: string) => void): Promise<string> {
  log(`soak: starting a control plane and ${NODE_IDS.length} data-plane nodes`);
  const platform = await startSoakPlatform(options);
  try {
    await checkSoak(platform);
    log(
      `soak: routing and guardrails answer on every node; ${options.seconds} s of load ` +
        `(${CONNECTIONS} connections, intervals of ${soakIntervalS(options.seconds)} s)`,
    );
    const result = await drive(platform, options, log);
    log(
      `soak: ${result.okPerNode.reduce((a, b) => a + b, 0)} requests answered, ${totalFailures(result)} failed`,
    );
    return renderSoak(result, platform.nodes);
  } finally {
    await platform.stop();
  }
}
