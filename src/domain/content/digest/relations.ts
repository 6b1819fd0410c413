import type { ParsedText } from '../analysis/analysis.types';
import type { DigestEntity, EntityRelation } from './digest.types';

/** Relations listed at most. */
export const RELATIONS = 10;
const NAMED = new Set(['person', 'organisation', 'place']);

/**
 * Which people, organisations and places the text names together: pairs named in the same sentence (a person by
 * full or last name; a name inside a longer one counts for the longer one only), most shared sentences first, then in the entities' order; up to {@link RELATIONS}.
 */
export function entityRelations(parsed: ParsedText, entities: readonly DigestEntity[]): EntityRelation[] {
  const named = entities.filter((e) => NAMED.has(e.type));
  const forms = named.map((e) => (e.type === 'person' ? [e.text, e.text.split(' ').pop()!] : [e.text]));
  // Longer names first, each masked once found, so `Springfield` is not found inside `Springfield Council`.
  const byLength = named.map((_, i) => i).sort((a, b) => named[b].text.length - named[a].text.length);
  const sentencesOf = named.map(() => new Set<number>());
  for (const sentence of parsed.sentences) {
    let text = sentence.text;
    for (const i of byLength)
      for (const form of forms[i]) {
        if (!text.includes(form)) continue;
        sentencesOf[i].add(sentence.index);
        text = text.split(form).join(' '.repeat(form.length));
      }
  }
  const pairs: (EntityRelation & { order: number })[] = [];
  for (let i = 0; i < named.length; i += 1)
    for (let j = i + 1; j < named.length; j += 1) {
      let shared = 0;
      for (const index of sentencesOf[i]) if (sentencesOf[j].has(index)) shared += 1;
      if (shared > 0) pairs.push({ a: named[i].text, b: named[j].text, sentences: shared, order: pairs.length });
    }
  return pairs
    .sort((x, y) => y.sentences - x.sentences || x.order - y.order)
    .slice(0, RELATIONS)
    .map(({ a, b, sentences }) => ({ a, b, sentences }));
}
