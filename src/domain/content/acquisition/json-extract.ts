/** The readable text of a JSON document. */
export interface ExtractedJson {
  /** A top-level `title`, `name` or `headline` string, in that order of preference. */
  readonly title: string | null;
  /** Every non-blank string value, trimmed, depth-first in key order, one per line. */
  readonly text: string;
}

/** Default bound on the text's length, in characters. */
export const MAX_JSON_TEXT = 1_000_000;

const TITLE_KEYS = ['title', 'name', 'headline'] as const;

/**
 * Extracts the text of a JSON body: its string leaves (keys and numbers are left out), cut at `maxChars`.
 * Returns null when the body is not JSON.
 *
 * @example extractJson('{"title":"T","items":[{"body":"a"},"b"]}') // { title: 'T', text: 'T\na\nb' }
 */
export function extractJson(body: string, maxChars = MAX_JSON_TEXT): ExtractedJson | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  const top =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const titleValue = TITLE_KEYS.map((key) => top[key]).find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  const lines: string[] = [];
  let length = 0;
  // Iterative, children pushed in reverse so they pop in order: deep documents cannot overflow the call stack.
  const stack: unknown[] = [value];
  while (stack.length > 0 && length < maxChars) {
    const node = stack.pop();
    if (typeof node === 'string') {
      const line = node.trim().slice(0, maxChars - length);
      if (line === '') continue;
      lines.push(line);
      length += line.length + 1;
    } else if (node !== null && typeof node === 'object') {
      const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return { title: titleValue?.trim() ?? null, text: lines.join('\n') };
}
