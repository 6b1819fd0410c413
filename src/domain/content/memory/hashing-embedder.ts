import { fnv1a32 } from '../../../core/runtime/hash';

/** Turns text into a fixed-length vector. */
export interface Embedder {
  readonly dimension: number;
  embed(text: string): Float32Array;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/** Very common English words: they would dominate every vector and say nothing about the topic. */
const STOP = new Set(
  'a an and are as at be been but by can could did do does for from had has have he her his i if in into is it its me my no not of on or our she so than that the their them then there these they this those to too us was we were what when which who will with would you your'.split(
    ' ',
  ),
);

/**
 * The offline default embedder: feature hashing of words and adjacent word pairs into `dimension` buckets (a
 * second hash picks the sign, so collisions cancel out on average), weights 1 + ln(tf), L2-normalised. Texts that
 * share vocabulary get a high cosine; it knows no synonyms. Deterministic and dependency-free.
 */
export class HashingEmbedder implements Embedder {
  constructor(readonly dimension = 256) {
    if (!Number.isInteger(dimension) || dimension < 16 || dimension > 4096)
      throw new RangeError(`dimension must be an integer from 16 to 4096, got ${dimension}`);
  }

  embed(text: string): Float32Array {
    const counts = new Map<string, number>();
    let previous: string | undefined;
    for (const match of text.toLowerCase().matchAll(WORD)) {
      const word = match[0];
      if (STOP.has(word)) {
        previous = undefined;
        continue;
      }
      counts.set(word, (counts.get(word) ?? 0) + 1);
      if (previous) counts.set(`${previous} ${word}`, (counts.get(`${previous} ${word}`) ?? 0) + 1);
      previous = word;
    }
    const v = new Float32Array(this.dimension);
    for (const [feature, tf] of counts) {
      const h = fnv1a32(feature);
      const sign = (h & 0x80000000) === 0 ? 1 : -1;
      v[h % this.dimension] += sign * (1 + Math.log(tf));
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < v.length; i++) v[i] *= inv;
    }
    return v;
  }
}

/** Cosine of two vectors of the same length (0 when either is all zeros). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
