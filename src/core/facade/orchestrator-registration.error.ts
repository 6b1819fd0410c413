/** A broken registration: duplicate or unknown name, or an orchestrator with invalid metadata. */
export class OrchestratorRegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrchestratorRegistrationError';
  }

  static is(e: unknown): e is OrchestratorRegistrationError {
    return e instanceof OrchestratorRegistrationError;
  }
}
