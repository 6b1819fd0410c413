import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Verdict } from './fact-check.types';

/** One entry of the local claims knowledge base. */
export interface KnowledgeEntry {
  readonly claim: string;
  readonly verdict: Verdict;
  readonly source: string | null;
  readonly note: string | null;
}

const VERDICTS: Readonly<Record<string, Verdict>> = { true: 'supported', false: 'refuted', mixed: 'mixed' };

/** Checks a parsed knowledge base; errors name `<where>[i].<field>`. */
export function parseKnowledgeBase(value: unknown, where: string): KnowledgeEntry[] {
  if (!Array.isArray(value)) throw new Error(`${where} must be a list of { claim, verdict, source?, note? }`);
  if (value.length > 100_000) throw new Error(`${where} has ${value.length} entries; at most 100000`);
  return value.map((raw, i) => {
    const at = `${where}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${at} must be an object`);
    const e = raw as Record<string, unknown>;
    if (typeof e.claim !== 'string' || e.claim.trim().length === 0 || e.claim.length > 2000)
      throw new Error(`${at}.claim must be a non-empty string of at most 2000 characters`);
    const verdict = typeof e.verdict === 'boolean' ? String(e.verdict) : e.verdict;
    if (typeof verdict !== 'string' || !(verdict in VERDICTS))
      throw new Error(`${at}.verdict must be true, false or mixed, got ${JSON.stringify(e.verdict)}`);
    for (const key of ['source', 'note'] as const) {
      if (e[key] !== undefined && typeof e[key] !== 'string') throw new Error(`${at}.${key} must be a string`);
    }
    const unknown = Object.keys(e).filter((k) => !['claim', 'verdict', 'source', 'note'].includes(k));
    if (unknown.length > 0) throw new Error(`${at} has unknown field ${unknown[0]}`);
    return {
      claim: e.claim.trim(),
      verdict: VERDICTS[verdict],
      source: (e.source as string | undefined) ?? null,
      note: (e.note as string | undefined) ?? null,
    };
  });
}

/** Reads a YAML or JSON knowledge base file (JSON is YAML). */
export function loadKnowledgeBase(path: string): KnowledgeEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`content.factCheckKnowledgeBase: cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw new Error(`content.factCheckKnowledgeBase: ${path} is not valid YAML or JSON: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return parseKnowledgeBase(value, `content.factCheckKnowledgeBase (${path})`);
}
