import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { agentDefinitionsSchema, type AgentDefinitions } from './agent-definition';

/** The outcome of reading an agents file: the definitions, or every problem with the line it is on. */
export type AgentsYamlResult =
  | { readonly ok: true; readonly definitions: AgentDefinitions; readonly document: Document }
  | { readonly ok: false; readonly problems: readonly string[] };

/** The 1-based line of the node at `path` (or of its nearest existing parent). */
function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as (string | number)[], true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return 1;
}

/**
 * Parses and validates an agents file (YAML: one mapping per crew agent id). Each problem names its line and
 * field, e.g. `agents.yaml line 7: verification_director.role: Too small: expected string to have >=1 characters`.
 * The document is returned with the definitions so a writer can keep its comments and layout.
 */
export function parseAgentsYaml(text: string, source: string): AgentsYamlResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0)
    return {
      ok: false,
      problems: doc.errors.map((e) => `${source} line ${counter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`),
    };
  if (!isMap(doc.contents))
    return { ok: false, problems: [`${source} line 1: the file must be a mapping of agent ids`] };
  const checked = agentDefinitionsSchema.safeParse(doc.toJS());
  if (!checked.success)
    return {
      ok: false,
      problems: checked.error.issues.map((issue) => {
        const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
        const field = path.length > 0 ? `${path.join('.')}: ` : '';
        return `${source} line ${lineOf(doc, counter, path)}: ${field}${issue.message}`;
      }),
    };
  return { ok: true, definitions: checked.data, document: doc };
}
