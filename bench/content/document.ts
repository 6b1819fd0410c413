import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../src/core/runtime/random';

const SUBJECTS = [
  'The city council',
  'The harbour authority',
  'A local bakery',
  'The university',
  'Our reporter',
  'The new mayor',
  'Researchers at the institute',
  'The regional railway',
  'A group of farmers',
  'The hospital board',
];
const VERBS = [
  'announced',
  'reported',
  'questioned',
  'celebrated',
  'criticised',
  'approved',
  'delayed',
  'measured',
  'described',
  'rejected',
];
const OBJECTS = [
  'the budget for next year',
  'a plan to widen the river bridge',
  'the results of the winter survey',
  'a proposal for cheaper bus fares',
  'the expansion of the northern market',
  'new rules for street parking',
  'the cost of the school renovation',
  'a study of air quality near the port',
];
const TAILS = [
  'after a long debate that lasted well into the evening.',
  'which surprised many residents who had expected the opposite.',
  'although several members said the figures were incomplete.',
  'and promised a public meeting before the end of the month.',
  'because everyone knows that the old approach has failed.',
  'while critics warned that this would lead to higher taxes and then to empty shops.',
];

/**
 * A deterministic English document of exactly `words` words (seeded): news-like sentences with numbers,
 * comparisons, opinions and an occasional fallacy cue, in paragraphs of five sentences, so every analysis has work.
 */
export function benchDocument(words = 10_000, seed = 42): string {
  const rng = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.next() * xs.length)];
  const sentences: string[] = [];
  let count = 0;
  while (count < words) {
    const n = Math.floor(rng.next() * 90) + 5;
    const parts = [
      pick(SUBJECTS),
      pick(VERBS),
      pick(OBJECTS),
      sentences.length % 3 === 0 ? `on ${n} March 2025, ${n}% more than in 2024,` : '',
      pick(TAILS),
    ];
    let text = parts.filter((p) => p).join(' ');
    const length = text.split(/\s+/).length;
    // The last sentence is cut to land on exactly `words` words.
    if (count + length > words)
      text = `${text
        .split(/\s+/)
        .slice(0, words - count)
        .join(' ')
        .replace(/[,.]$/, '')}.`;
    sentences.push(text);
    count += Math.min(length, words - count);
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 5) paragraphs.push(sentences.slice(i, i + 5).join(' '));
  return paragraphs.join('\n\n');
}

/** Serves `text` as an HTML page (one `<p>` per paragraph) on a free loopback port; returns its URL and the server. */
export async function servePage(text: string): Promise<{ url: string; server: Server }> {
  const html = `<!doctype html><html><head><title>Bench document</title></head><body><article>${text
    .split('\n\n')
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/doc`, server };
}
