import pino, { type Logger } from 'pino';

/**
 * The process logger: pino JSON lines on stdout, written synchronously so nothing is lost
 * when the process exits. Secrets are never logged; the redaction is a second line of defence.
 */
export function createLogger(level: string, nodeId: string): Logger {
  return pino(
    {
      level,
      base: { nodeId },
      redact: {
        paths: ['authorization', 'apiKey', '*.authorization', '*.apiKey', 'headers'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 1, sync: true }),
  );
}
