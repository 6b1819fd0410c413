import winkNLP, { type ItsFunction, type ItsHelpers, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { ParsedEntity, ParsedSentence, ParsedText, ParsedToken, TextInput } from './analysis.types';

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

let instance: WinkMethods | undefined;

/** wink's `its` helpers as what they are: plain functions (its typings declare them as methods). */
type ItsFunctions = { readonly [K in keyof ItsHelpers]: ItsHelpers[K] };

/** wink with its English model, built on first use: loading the model takes tens of milliseconds. */
function wink(): WinkMethods {
  instance ??= winkNLP(model);
  return instance;
}

/**
 * Splits a text into sentences and tokens with wink's English model, keeping character offsets into the text.
 * Every analysis in this folder accepts the result, so a text analysed several ways is parsed once.
 *
 * @example
 * const parsed = parseText('Prices rose 4%. Wages did not.');
 * parsed.sentences[1].start; // 16
 */
export function parseText(text: string): ParsedText {
  const nlp = wink();
  const its: ItsFunctions = nlp.its;
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out();
  const normals = tokens.out(its.normal);
  // wink's typings give `its.lemma` the addons where the cache goes; at run time `out` passes what it needs.
  const lemmas = tokens.out(its.lemma as unknown as ItsFunction<string>);
  const types = tokens.out(its.type);
  const pos = tokens.out(its.pos) as string[];
  const stopWords = tokens.out(its.stopWordFlag) as boolean[];

  // wink keeps every token's text but not its position: find each one after the previous. A match past letters or
  // digits would mean wink changed the token, and jumping there would misplace every later token: stay put instead.
  const starts = new Array<number>(values.length);
  let cursor = 0;
  for (let i = 0; i < values.length; i += 1) {
    const at = text.indexOf(values[i], cursor);
    const found = at >= 0 && (at === cursor || !WORD_CHARACTER.test(text.slice(cursor, at)));
    starts[i] = found ? at : cursor;
    if (found) cursor = at + values[i].length;
  }
  const token = (i: number): ParsedToken => ({
    text: values[i],
    normal: normals[i],
    lemma: lemmas[i],
    type: types[i],
    pos: pos[i],
    stopWord: stopWords[i],
    start: starts[i],
    end: starts[i] + values[i].length,
  });

  const sentenceOfToken = new Array<number>(values.length).fill(-1);
  const sentences: ParsedSentence[] = [];
  const spans = doc.sentences().out(its.span) as unknown as number[][];
  const scores = doc.sentences().out(its.sentiment) as number[];
  spans.forEach(([first, last], k) => {
    const sentenceTokens: ParsedToken[] = [];
    for (let i = first; i <= last; i += 1) {
      if (types[i] !== 'tabCRLF') sentenceTokens.push(token(i));
    }
    if (sentenceTokens.length === 0) return;
    const index = sentences.length;
    for (let i = first; i <= last; i += 1) sentenceOfToken[i] = index;
    const start = sentenceTokens[0].start;
    const end = sentenceTokens[sentenceTokens.length - 1].end;
    sentences.push({ index, text: text.slice(start, end), start, end, sentiment: scores[k], tokens: sentenceTokens });
  });

  const entities = doc.entities();
  const entityTypes = entities.out(its.type);
  const entitySpans = entities.out(its.span) as unknown as number[][];
  const parsedEntities = entitySpans.map(([first, last], k): ParsedEntity => {
    const start = starts[first];
    const end = starts[last] + values[last].length;
    return { text: text.slice(start, end), type: entityTypes[k], sentenceIndex: sentenceOfToken[first], start, end };
  });
  return { text, sentences, entities: parsedEntities };
}

/** The parsed form of an analysis input: parses a string, passes a `ParsedText` through. */
export function toParsed(input: TextInput): ParsedText {
  return typeof input === 'string' ? parseText(input) : input;
}
