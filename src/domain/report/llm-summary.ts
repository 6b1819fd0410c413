import type { ContentDigest } from '../content';
import type { LlmPort } from '../crew';

/** Characters of the text sent to the model: about 3 000 words, the head of a longer document. */
export const LLM_SUMMARY_INPUT_CHARS = 18_000;
/** A summary longer than this is not a summary: the answer is refused. */
const MAX_SUMMARY_CHARS = 1_500;
/** Sentence ends of the model's answer (a full stop, question or exclamation mark before a space). */
const SENTENCE_END = /(?<=[.!?…]["'”’)\]]?)\s+(?=\S)/u;
/** Markup the answer must not carry: code fences, JSON, headings, list bullets. */
const NOT_PROSE = /```|^\s*[[{]|^\s*#|^\s*[-*•]\s/mu;

const SYSTEM =
  'You summarise documents faithfully. Use only what the document says; add no facts, opinions or advice. ' +
  'Write plain prose in the language of the document: no headings, lists, markup or preamble.';

/** Why the model's summary was not used, when it was not. */
export type LlmSummaryOutcome =
  | { readonly used: true; readonly digest: ContentDigest }
  | { readonly used: false; readonly digest: ContentDigest; readonly reason: string };

/**
 * The digest with an abstractive summary written by the model in place of the extractive one, as many sentences as
 * the extractive summary has (3–6, sized to the document). The model's answer is outside input: it is used only when
 * it is plain prose of one to eight sentences and at most 1 500 characters; otherwise, or when the call fails, the
 * extractive summary stays and `reason` says why. Everything else in the digest is unchanged.
 */
export async function summariseWithLlm(
  llm: LlmPort,
  digest: ContentDigest,
  text: string,
  options: { readonly signal?: AbortSignal } = {},
): Promise<LlmSummaryOutcome> {
  const keep = (reason: string): LlmSummaryOutcome => ({ used: false, digest, reason });
  if (!llm.enabled) return keep('no LLM is configured');
  if (!text.trim()) return keep('no text');
  const wanted = Math.max(3, digest.summary.sentences.length);
  const document = text.length > LLM_SUMMARY_INPUT_CHARS ? `${text.slice(0, LLM_SUMMARY_INPUT_CHARS)} […]` : text;
  let answer: string;
  try {
    const completion = await llm.complete({
      system: SYSTEM,
      prompt: `Summarise this document in ${wanted} sentences.\n\n---\n${document}\n---`,
      maxTokens: 400,
      temperature: 0,
      signal: options.signal,
      costTask: 'summary',
    });
    answer = completion.text.trim();
  } catch (e) {
    return keep(`the LLM call failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!answer) return keep('the LLM answered nothing');
  if (answer.length > MAX_SUMMARY_CHARS) return keep(`the LLM answered ${answer.length} characters, not a summary`);
  if (NOT_PROSE.test(answer)) return keep('the LLM answered markup, not prose');
  const sentences = answer.replace(/\s+/gu, ' ').split(SENTENCE_END);
  if (sentences.length > 8) return keep(`the LLM answered ${sentences.length} sentences`);
  return { used: true, digest: { ...digest, summary: { ...digest.summary, sentences, method: 'llm' } } };
}
