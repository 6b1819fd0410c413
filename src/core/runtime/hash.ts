const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text`, as an unsigned integer. Stable across processes, restarts and
 * machines, unlike a salted string hash (the original's Python `hash()`), so ids and buckets built from it can be
 * compared anywhere.
 *
 * @example fnv1a32('') === 0x811c9dc5; fnv1a32('a') === 0xe40c292c
 */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of utf8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}
