import type { LoggerService } from '@nestjs/common';
import type { Logger as PinoInstance } from 'pino';

/**
 * Nest's logger while the application is being built, writing straight to the root pino logger (the
 * nestjs-pino `Logger` exists only once the container does). Boot lines and a boot failure thus respect the
 * configured level and format: JSON in production, nothing in tests that set `silent`.
 */
export class BootLogger implements LoggerService {
  constructor(private readonly pino: PinoInstance) {}

  log(message: unknown, context?: string): void {
    this.pino.info(fields(context), text(message));
  }

  error(message: unknown, stackOrContext?: string, context?: string): void {
    const err = message instanceof Error ? message : undefined;
    this.pino.error(
      {
        ...fields(context ?? (err ? stackOrContext : undefined)),
        ...(err ? { err } : stackOrContext && context ? { stack: stackOrContext } : {}),
      },
      err ? err.message : text(message),
    );
  }

  warn(message: unknown, context?: string): void {
    this.pino.warn(fields(context), text(message));
  }

  debug(message: unknown, context?: string): void {
    this.pino.debug(fields(context), text(message));
  }

  verbose(message: unknown, context?: string): void {
    this.pino.trace(fields(context), text(message));
  }

  fatal(message: unknown, context?: string): void {
    this.pino.fatal(fields(context), text(message));
  }
}

function fields(context: string | undefined): Record<string, unknown> {
  return context ? { context } : {};
}

function text(message: unknown): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}
