/** The database could not be opened; the message names the setting to fix. */
export class DatabaseOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseOpenError';
  }

  static is(e: unknown): e is DatabaseOpenError {
    return e instanceof DatabaseOpenError;
  }
}
