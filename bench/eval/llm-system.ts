import { OpenAiCompatibleLlm } from '../../src/domain/crew';
import { summariseWithLlm } from '../../src/domain/report';
import type { CorpusDocument } from './corpus';
import { digestOf, type SystemOutput } from './system';

/** Where the optional LLM path is measured: an OpenAI-compatible endpoint given by the environment. */
export interface EvalLlm {
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey?: string;
}

/**
 * The LLM endpoint of `EVAL_LLM_BASE_URL` and `EVAL_LLM_MODEL` (with `EVAL_LLM_API_KEY` if it needs one), or null
 * when neither is set. One set without the other is an error naming the missing variable.
 */
export function evalLlmFromEnv(env: NodeJS.ProcessEnv = process.env): EvalLlm | null {
  const { EVAL_LLM_BASE_URL: baseUrl, EVAL_LLM_MODEL: model, EVAL_LLM_API_KEY: apiKey } = env;
  if (!baseUrl && !model) return null;
  if (!baseUrl) throw new Error('EVAL_LLM_BASE_URL is required when EVAL_LLM_MODEL is set');
  if (!model) throw new Error('EVAL_LLM_MODEL is required when EVAL_LLM_BASE_URL is set');
  return { baseUrl, model, ...(apiKey ? { apiKey } : {}) };
}

/**
 * The system with the service's LLM summary path: for every document, the report's summary as the model writes it
 * (`summariseWithLlm`, the same call and checks as a run), computed ahead since the calls are asynchronous; a
 * document whose answer is refused keeps the extractive summary, and the refusals are returned to be shown.
 */
export async function llmSystem(
  corpus: readonly CorpusDocument[],
  endpoint: EvalLlm,
): Promise<{ system: (text: string) => SystemOutput; refused: string[] }> {
  const llm = new OpenAiCompatibleLlm({ ...endpoint, timeoutMs: 120_000 });
  const outputs = new Map<string, SystemOutput>();
  const refused: string[] = [];
  for (const doc of corpus) {
    const digest = digestOf(doc.prose);
    const outcome = await summariseWithLlm(llm, digest, doc.prose);
    if (!outcome.used) refused.push(`${doc.slug}: ${outcome.reason}`);
    outputs.set(doc.prose, {
      summary: outcome.digest.summary.sentences.join(' '),
      entities: digest.entities.map(({ text, type }) => ({ text, type })),
    });
  }
  return {
    system: (text) => {
      const output = outputs.get(text);
      if (!output) throw new Error('llmSystem: a text outside the corpus it was built for');
      return output;
    },
    refused,
  };
}
