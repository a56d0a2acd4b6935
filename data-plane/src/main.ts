#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import pino from 'pino';
import { ConfigError, heapGrowingPercent } from './config';
import { startGateway } from './gateway';

/** `switchyard-gateway`: runs one data-plane node until SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const fatal = pino({ base: undefined }, pino.destination({ dest: 2, sync: true }));
  let gateway;
  try {
    // Read by V8 at every full collection, so it can be set now (unlike the heap sizes).
    const growing = heapGrowingPercent(process.env);
    if (growing > 0) setFlagsFromString(`--heap-growing-percent=${growing}`);
    gateway = await startGateway(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fatal.fatal(err.message);
    else fatal.fatal({ err }, 'gateway failed to start');
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second signal: the operator wants out now
    stopping = true;
    gateway.close().then(
      () => process.exit(0),
      (err: unknown) => {
        fatal.error({ err, signal }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('unhandledRejection', (err) => fatal.error({ err }, 'unhandled rejection'));
}

void main();
