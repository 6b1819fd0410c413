/**
 * A snapshot does not have the shape its restore expects. `field` is the path of the first bad field, empty when
 * the snapshot itself is not what was expected.
 */
export class SnapshotFieldError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(field ? `snapshot field ${field} ${problem}` : `snapshot ${problem}`);
    this.name = 'SnapshotFieldError';
  }

  /** The same error with its field read as part of `parent` (`health` and `tick` → `health.tick`). */
  within(parent: string): SnapshotFieldError {
    const field = !this.field ? parent : this.field.startsWith('[') ? parent + this.field : `${parent}.${this.field}`;
    return new SnapshotFieldError(field, this.problem);
  }

  static is(e: unknown): e is SnapshotFieldError {
    return e instanceof SnapshotFieldError;
  }
}
