import { spawn } from 'node:child_process';

/** How a child process ended. Output is kept only up to its last 64 KiB. */
export type ProcessOutcome =
  | { readonly status: 'exited'; readonly code: number | null; readonly stdout: string; readonly stderr: string }
  | { readonly status: 'timeout'; readonly stdout: string; readonly stderr: string }
  | { readonly status: 'not_started'; readonly message: string };

const OUTPUT_LIMIT = 64 * 1024;

/**
 * Runs an executable with an argument array (never through a shell) in its own process group, so that on timeout
 * or abort the whole group — including children it started, such as yt-dlp's ffmpeg — is killed.
 *
 * @returns the outcome; rejects only with `signal.reason` when the signal aborts
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<ProcessOutcome> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let ending: 'timeout' | 'aborted' | null = null;
    const keep = (sofar: string, chunk: Buffer) => (sofar + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    child.stdout.on('data', (chunk: Buffer) => (stdout = keep(stdout, chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = keep(stderr, chunk)));
    const kill = (why: 'timeout' | 'aborted') => {
      ending ??= why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => kill('timeout'), timeoutMs);
    const onAbort = () => kill('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (error) => {
      settle();
      resolve({ status: 'not_started', message: error.message });
    });
    child.once('close', (code) => {
      settle();
      if (ending === 'aborted') reject(signal?.reason);
      else if (ending === 'timeout') resolve({ status: 'timeout', stdout, stderr });
      else resolve({ status: 'exited', code, stdout, stderr });
    });
  });
}

/** The last few non-empty lines of a process's output, for error messages. */
export function outputTail(output: string, lines = 3): string {
  const tail = output
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-lines)
    .join(' | ');
  return tail.length > 600 ? `…${tail.slice(-600)}` : tail;
}
