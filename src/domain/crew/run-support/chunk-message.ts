/** The largest message the run sends in one piece, under Discord's own limit of 2000. */
export const MESSAGE_CHUNK_SIZE = 1900;

/**
 * Splits a long report into consecutive slices of at most `size` UTF-16 code units: a text no
 * longer than `size` (the empty text included) is one message; a longer one is cut every `size` units, except
 * that a cut never falls between the two halves of a surrogate pair, in which case that slice is one unit
 * shorter. Joining the slices gives back `text` exactly.
 *
 * @param size at least 2, so that a surrogate pair always fits. Default {@link MESSAGE_CHUNK_SIZE}.
 * @example chunkMessage('x'.repeat(4000)).map((c) => c.length) // [1900, 1900, 200]
 */
export function chunkMessage(text: string, size = MESSAGE_CHUNK_SIZE): string[] {
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`size must be an integer >= 2, got ${size}`);
  if (text.length <= size) return [text];
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end)))
      end -= 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
