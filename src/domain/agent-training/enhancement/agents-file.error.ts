/** The agents file cannot be used: unreadable, not YAML, or a definition breaks the schema (each problem names its line). */
export class AgentsFileError extends Error {
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid agents file ${path}: ${problems.join('; ')}`);
    this.name = 'AgentsFileError';
  }

  static is(e: unknown): e is AgentsFileError {
    return e instanceof AgentsFileError;
  }
}
