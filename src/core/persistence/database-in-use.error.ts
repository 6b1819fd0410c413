import { DatabaseOpenError } from './database-open.error';

/** The embedded database is open in another process (see `lockEmbeddedDatabase`); the message says what to do. */
export class DatabaseInUseError extends DatabaseOpenError {
  constructor(
    message: string,
    /** The process holding it. */
    readonly holderPid: number,
  ) {
    super(message);
    this.name = 'DatabaseInUseError';
  }

  static override is(e: unknown): e is DatabaseInUseError {
    return e instanceof DatabaseInUseError;
  }
}
