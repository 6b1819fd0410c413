import type { Writable } from 'node:stream';

/** Where a CLI reads and writes: the process's streams and environment, or a test's. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Writes and waits until the stream has taken the text: the process exits right after, and a pipe takes 64 KiB
 * at once, so an unawaited write of a long JSON result would be cut there.
 */
export function writeFully(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (e) => (e ? reject(e) : resolve())));
}
