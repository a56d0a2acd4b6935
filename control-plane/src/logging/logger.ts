import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/env';

/** The process's JSON logger. Secrets are redacted by path as a safety net; callers never log them anyway. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    name: 'control-plane',
    level,
    redact: {
      paths: [
        'apiKey',
        '*.apiKey',
        'secret',
        '*.secret',
        'authorization',
        '*.authorization',
        'token',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}

/**
 * Routes Nest's own logging into pino. Nest's chatty start-up lines ("Mapped {/graphql}")
 * go to debug so that an info-level log stays readable.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(
    level: 'trace' | 'debug' | 'warn' | 'error' | 'fatal',
    message: unknown,
    params: unknown[],
  ): void {
    // Nest passes the context (a class name) last, and for errors a stack before it.
    const context = typeof params[params.length - 1] === 'string' ? params[params.length - 1] : undefined;
    const stack = params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
    if (message instanceof Error) {
      this.logger[level]({ context, err: message }, message.message);
    } else {
      this.logger[level]({ context, stack }, typeof message === 'string' ? message : JSON.stringify(message));
    }
  }
}
