/**
 * A broken section declaration (a bad or duplicate key, an environment variable bound twice or to a field that
 * cannot be read from text), or a section missing from the configuration handed to the application.
 */
export class ConfigSectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigSectionError';
  }

  static is(e: unknown): e is ConfigSectionError {
    return e instanceof ConfigSectionError;
  }
}
