import { fail, ok, skip } from '../../../core/result/step-result';
import { roundTo, type GraphTriple } from '../../content';
import type { AcquisitionData, DeceptionData, FactAnalysisData, FactItem } from './stage-data';
import type { StageDeps, StageResult, StageRun } from './stage.types';

/** Where S7 writes: the vector namespace, the graph index and the continual index. */
export const KNOWLEDGE_TARGETS = {
  vectorNamespace: 'autonomous_intelligence',
  graphIndex: 'autointel_analysis',
  continualIndex: 'continual_autointel',
} as const;

/** What S7 stores about a run, and returns as `stored_payload`. */
export interface KnowledgePayload {
  readonly url: string;
  readonly title: string | null;
  readonly platform: string;
  readonly analysis_summary: string;
  /** S6's score; null when S6 produced no data. */
  readonly deception_score: number | null;
  readonly fact_check_results: readonly FactItem[];
  /** Distinct fallacy types, first seen first. */
  readonly detected_fallacies: readonly string[];
  readonly timestamp: string;
}

/** One write's outcome under `knowledge_storage`. */
export type WriteOutcome =
  ({ readonly stored: true } & Record<string, unknown>) | { readonly stored: false; readonly error: string };

function dataOf<T>(result: StageResult): T | undefined {
  return result.status === 'ok' || result.status === 'uncertain' ? (result.data as unknown as T) : undefined;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs a write, turning a rejection (or a synchronous throw) into `stored: false`; the write starts at once. */
async function attempt(write: () => Promise<Record<string, unknown>>): Promise<WriteOutcome> {
  try {
    return { stored: true, ...(await write()) };
  } catch (e) {
    return { stored: false, error: message(e) };
  }
}

/** The payload of S7 from S1, S4 and S6; S4 and S6 may have failed (their parts are then empty or null). */
export function knowledgePayload(
  s1: AcquisitionData,
  s4: FactAnalysisData | undefined,
  s6: DeceptionData | undefined,
  now: number,
): KnowledgePayload {
  return {
    url: s1.source_url,
    title: s1.download.title,
    platform: s1.download.platform,
    analysis_summary: s4?.perspective_synthesis?.summary ?? '',
    deception_score: typeof s6?.deception_score === 'number' ? s6.deception_score : null,
    fact_check_results: s4?.fact_checks?.items ?? [],
    detected_fallacies: [...new Set((s4?.logical_fallacies ?? []).map((f) => f.type))],
    timestamp: new Date(now).toISOString(),
  };
}

/** The payload as triples: the URL's title, platform, claims (with their verdicts) and fallacies. */
export function knowledgeTriples(p: KnowledgePayload): GraphTriple[] {
  const triples: GraphTriple[] = [];
  if (p.title) triples.push({ subject: p.url, predicate: 'has_title', object: p.title });
  triples.push({ subject: p.url, predicate: 'on_platform', object: p.platform || 'unknown' });
  for (const item of p.fact_check_results) {
    triples.push({ subject: p.url, predicate: 'makes_claim', object: item.claim });
    triples.push({ subject: item.claim, predicate: 'verdict', object: item.verdict });
  }
  for (const type of p.detected_fallacies) triples.push({ subject: p.url, predicate: 'uses_fallacy', object: type });
  return triples;
}

/** The searchable text: title, summary and claims, one per line (the URL when all are empty). */
function documentText(p: KnowledgePayload): string {
  const parts = [p.title ?? '', p.analysis_summary, ...p.fact_check_results.map((i) => i.claim)].filter(
    (s) => s.trim().length > 0,
  );
  return parts.length > 0 ? parts.join('\n') : p.url;
}

/**
 * S7, knowledge integration: stores the run in the vector, graph and continual memories. The three
 * writes start together and settle independently; one failing is reported as `stored: false` under
 * `knowledge_storage` and the stage stays `ok`, all three failing make an `unavailable` error. A failed
 * consolidation after a successful append keeps `stored: true` and adds `consolidation_error`. Skipped with
 * `acquisition_failed` when S1 is not `ok`.
 */
export async function knowledgeStage(
  deps: Pick<StageDeps, 'vector' | 'graph' | 'continual' | 'clock'>,
  run: StageRun,
  s1: StageResult,
  s4: StageResult,
  s6: StageResult,
): Promise<StageResult> {
  if (s1.status !== 'ok') return skip('acquisition_failed');
  const now = deps.clock.now();
  const payload = knowledgePayload(
    s1.data as unknown as AcquisitionData,
    dataOf<FactAnalysisData>(s4),
    dataOf<DeceptionData>(s6),
    now,
  );
  const { tenantId, workspaceId, workflowId } = run;
  const text = documentText(payload);
  const platformTag = `platform:${payload.platform || 'unknown'}`;
  const scoreTag = `deception_score:${payload.deception_score === null ? 'unknown' : roundTo(payload.deception_score, 1).toFixed(1)}`;

  const vector = attempt(async () => {
    const namespace = KNOWLEDGE_TARGETS.vectorNamespace;
    const metadata = {
      url: payload.url,
      title: payload.title,
      platform: payload.platform,
      deception_score: payload.deception_score,
      timestamp: payload.timestamp,
      workflow_id: workflowId,
    };
    const records = await deps.vector.upsert({ tenantId, workspaceId, namespace }, [
      { id: workflowId, text, metadata },
    ]);
    return { namespace, id: workflowId, records };
  });
  const graph = attempt(async () => {
    const index = KNOWLEDGE_TARGETS.graphIndex;
    const triples = knowledgeTriples(payload);
    const id = await deps.graph.store(
      { tenantId, workspaceId, index },
      { id: workflowId, triples, tags: [platformTag] },
    );
    return { index, id, triples: triples.length, tags: [platformTag] };
  });
  const continual = attempt(async () => {
    const scope = { tenantId, workspaceId, index: KNOWLEDGE_TARGETS.continualIndex };
    await deps.continual.append(scope, { id: workflowId, text, tags: [scoreTag], at: now });
    const base = { index: scope.index, id: workflowId, tags: [scoreTag] };
    try {
      return { ...base, consolidated: await deps.continual.consolidate(scope) };
    } catch (e) {
      return { ...base, consolidated: null, consolidation_error: message(e) };
    }
  });

  const [memory_storage, graph_memory, hipporag_memory] = await Promise.all([vector, graph, continual]);
  const data = { knowledge_storage: { memory_storage, graph_memory, hipporag_memory }, stored_payload: payload };
  const failures = Object.entries(data.knowledge_storage).filter(([, o]) => !o.stored);
  if (failures.length === 3) {
    const detail = failures.map(([name, o]) => `${name}: ${(o as { error: string }).error}`).join('; ');
    return fail('unavailable', `knowledge integration stored nothing (${detail})`, { data });
  }
  return ok(data);
}
