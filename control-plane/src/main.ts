#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { parseEnv } from './config/env';
import { startControlPlane, type ControlPlane } from './start';

/** `node dist/main.js`: the control plane process. SIGTERM/SIGINT close everything and exit 0. */
async function main(): Promise<void> {
  let plane: ControlPlane;
  try {
    // Read by V8 at every full collection, so it can be set now (unlike the heap sizes). Here
    // rather than in startControlPlane, which tests run inside their own process.
    const growing = parseEnv(process.env).heapGrowingPercent;
    if (growing > 0) setFlagsFromString(`--heap-growing-percent=${growing}`);
    plane = await startControlPlane(process.env);
  } catch (error) {
    process.stderr.write(
      `${JSON.stringify({ level: 60, time: Date.now(), name: 'control-plane', msg: `control plane failed to start: ${(error as Error).message}` })}\n`,
    );
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(
      `${JSON.stringify({ level: 30, time: Date.now(), name: 'control-plane', msg: 'shutting down', signal })}\n`,
    );
    plane.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
