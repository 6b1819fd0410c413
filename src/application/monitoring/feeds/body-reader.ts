import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';

/** A body read whole, or why not; `wireBytes` counts what arrived before reading stopped. */
export type BodyRead =
  | { readonly status: 'read'; readonly data: Buffer; readonly wireBytes: number }
  | { readonly status: 'too_large' | 'malformed'; readonly message: string; readonly wireBytes: number };

class TooLarge extends Error {}

function decompressor(encoding: string): Transform | null | undefined {
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/**
 * Reads a response body, decompressing it per its Content-Encoding, and stops (destroying the body, which closes the
 * connection) as soon as either the bytes received or the bytes decompressed pass `maxBytes`.
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
  signal: AbortSignal,
): Promise<BodyRead> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  const inflate = decompressor(encoding);
  let wireBytes = 0;
  if (inflate === undefined) {
    body.on('error', () => undefined).destroy();
    return { status: 'malformed', message: `unsupported content encoding "${encoding}"`, wireBytes };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  async function* countWire(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      wireBytes += chunk.length;
      if (wireBytes > maxBytes) throw new TooLarge(`more than ${maxBytes} bytes received`);
      yield chunk;
    }
  }
  async function collect(source: AsyncIterable<Buffer>): Promise<void> {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxBytes) throw new TooLarge(`body exceeds the ${maxBytes}-byte limit once decompressed`);
      chunks.push(chunk);
    }
  }
  body.on('error', () => undefined); // destroyed below on purpose; the pipeline reports the real cause
  try {
    if (inflate) await pipeline(body, countWire, inflate, collect, { signal });
    else await pipeline(body, countWire, collect, { signal });
  } catch (error) {
    body.destroy();
    if (error instanceof TooLarge) return { status: 'too_large', message: error.message, wireBytes };
    if (signal.aborted) throw error;
    if (
      (error as NodeJS.ErrnoException).code?.startsWith('Z_') ||
      (error as Error).message?.includes('Decompression')
    ) {
      return { status: 'malformed', message: `the ${encoding} body cannot be decompressed`, wireBytes };
    }
    throw error;
  }
  return { status: 'read', data: Buffer.concat(chunks), wireBytes };
}

/** Reads and discards up to `limit` bytes of a body we do not need, then closes it; returns the bytes read. */
export async function drainBody(body: Readable, limit: number): Promise<number> {
  let bytes = 0;
  body.on('error', () => undefined);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes >= limit) break;
    }
  } catch {
    // a body cut short tells us nothing more
  } finally {
    body.destroy();
  }
  return bytes;
}
