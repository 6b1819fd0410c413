import { load } from 'cheerio';
import { resolveMetadata, type MetadataSources, type PageMetadata } from './html-metadata';

/** What an HTML page says about itself, and its main text. */
export interface ExtractedPage extends PageMetadata {
  /** The main text: paragraphs separated by a blank line, whitespace collapsed inside each. */
  readonly text: string;
}

/** The parts of a parsed node this module reads (cheerio's htmlparser2 tree). */
interface TreeNode {
  readonly type: string;
  readonly name?: string;
  readonly data?: string;
  readonly attribs?: Record<string, string>;
  readonly children?: TreeNode[];
  readonly parent: TreeNode | null;
}

/** Over an element's kept subtree: characters, characters inside links, commas, `<p>` count and `<p>` characters. */
interface Stats {
  text: number;
  links: number;
  commas: number;
  paragraphs: number;
  paragraphText: number;
  hasMain: boolean;
}

const SKIP_TAGS = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'canvas',
  'iframe',
  'object',
  'form',
  'button',
  'input',
  'select',
  'textarea',
  'dialog',
  'nav',
  'footer',
  'aside',
]);
const SKIP_ROLES = new Set(['navigation', 'contentinfo', 'complementary', 'banner', 'dialog']);
const UNLIKELY = new RegExp(
  '(^|[\\s_-])(comments?|commentlist|disqus|sidebar|widget|footer|nav|navbar|menu|breadcrumbs?|share|sharing|' +
    'social|related|recommended|promo|advert|ads?|sponsored|cookies?|consent|banner|newsletter|subscribe|signup|popup|modal|' +
    'masthead|pagination|pager|tags|top|header)($|[\\s_-])',
  'i',
);
const BLOCK = new Set([
  'address',
  'article',
  'blockquote',
  'br',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
]);
const SCORED = new Set(['p', 'pre', 'blockquote', 'td']);
/** Below this much paragraph text an `<article>`/`<main>` is not trusted to be the content. */
const MIN_EXPLICIT_TEXT = 140;
/** A paragraph whose text is mostly link text (menus, "related" lists, pagers) is left out. */
const MAX_LINK_RATIO = 0.6;
/** Far deeper than real pages nest; parsers slow down quadratically with depth, so a page is cut where it passes this. */
const MAX_DEPTH = 1_000;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g;
/** Void elements, and those whose end tag is often left out: they do not deepen the estimate. */
const FLAT = new Set([
  'area',
  'base',
  'br',
  'col',
  'dd',
  'dt',
  'embed',
  'hr',
  'img',
  'input',
  'li',
  'link',
  'meta',
  'option',
  'p',
  'param',
  'source',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'track',
  'wbr',
]);

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
const isElement = (n: TreeNode): boolean => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const isExplicitMain = (n: TreeNode): boolean =>
  n.name === 'article' || n.name === 'main' || n.attribs?.role === 'main' || n.attribs?.itemprop === 'articleBody';

/**
 * Extracts a page's metadata and main text. The main text is the `<article>`/`<main>` with the most paragraph text,
 * or else the element whose paragraphs score highest (length and commas, less link text), after dropping navigation,
 * sidebars, comments, banners and the like by tag, ARIA role, class and id.
 */
export function extractHtml(html: string, url: string): ExtractedPage {
  // htmlparser2 (xml options with xmlMode off) rather than parse5: about twice as fast, same text for extraction.
  const parsed = load(capDepth(html), { baseURI: url, xml: { xmlMode: false, decodeEntities: true } });
  const root = parsed.root()[0] as unknown as TreeNode;
  const { order, stats, skipped } = measure(root);
  const main = pickMain(order, stats, skipped) ?? order.find((n) => n.name === 'body') ?? root;
  return { ...resolveMetadata(metadataSources(root)), text: mainText(main, skipped) };
}

/** The HTML up to the first tag nested deeper than `MAX_DEPTH`, by a tag count that needs no parse. */
function capDepth(html: string): string {
  let depth = 0;
  for (const tag of html.matchAll(TAG)) {
    if (FLAT.has(tag[2].toLowerCase()) || tag[3] === '/') continue;
    depth = Math.max(0, depth + (tag[1] === '/' ? -1 : 1));
    if (depth > MAX_DEPTH) return html.slice(0, tag.index);
  }
  return html;
}

/**
 * Elements from `root` in document order, not descending below those `descend` refuses. Walks here are iterative and
 * metadata is found without CSS selectors, whose cost grows with nesting depth times page size.
 */
function elements(root: TreeNode, descend: (node: TreeNode) => boolean = () => true): TreeNode[] {
  const found: TreeNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    found.push(node);
    const children = descend(node) ? (node.children ?? []) : [];
    for (let i = children.length - 1; i >= 0; i--) if (isElement(children[i])) stack.push(children[i]);
  }
  return found;
}

function textOf(root: TreeNode): string {
  let text = '';
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    if (node.type === 'text') text += node.data ?? '';
    for (let i = (node.children?.length ?? 0) - 1; i >= 0; i--) stack.push((node.children as TreeNode[])[i]);
  }
  return text;
}

/**
 * A code listing: a `<pre>` holding `<code>` or marked with a class (`<pre class="rust">`, highlighters'). It is
 * program text, not prose to summarise; a bare `<pre>` (a poem, a plain-text page) stays.
 */
const isCodeListing = (n: TreeNode): boolean =>
  n.name === 'pre' && (n.attribs?.class !== undefined || (n.children ?? []).some((c) => c.name === 'code'));

const skippedByTag = (n: TreeNode): boolean =>
  SKIP_TAGS.has(n.name ?? '') ||
  isCodeListing(n) ||
  SKIP_ROLES.has(n.attribs?.role ?? '') ||
  n.attribs?.['aria-hidden'] === 'true' ||
  n.attribs?.hidden !== undefined;

/** Kept elements in document order with their subtree statistics, and the elements left out. */
function measure(root: TreeNode): { order: TreeNode[]; stats: Map<TreeNode, Stats>; skipped: Set<TreeNode> } {
  const all = elements(root, (n) => !skippedByTag(n));
  const skipped = new Set(all.filter(skippedByTag));
  const order = all.filter((n) => !skipped.has(n));
  const stats = new Map<TreeNode, Stats>();
  for (const node of order)
    stats.set(node, { text: 0, links: 0, commas: 0, paragraphs: 0, paragraphText: 0, hasMain: false });
  // Reverse document order visits children before their parent, so each subtree is summed once.
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const s = stats.get(node) as Stats;
    for (const child of node.children ?? []) {
      if (child.type !== 'text') continue;
      const text = collapse(child.data ?? '');
      s.text += text.length;
      s.commas += text.split(',').length - 1;
    }
    if (node.name === 'a') s.links = s.text;
    if (node.name === 'p') [s.paragraphs, s.paragraphText] = [s.paragraphs + 1, s.text];
    s.hasMain ||= isExplicitMain(node) || node.name === 'h1';
    const parent = node.parent && stats.get(node.parent);
    if (parent) addStats(parent, s, 1);
  }
  const totalParagraphs = (stats.get(root) as Stats).paragraphs;
  for (const node of order) {
    if (node.parent && skipped.has(node.parent)) skipped.add(node);
    else if (isUnlikely(node, stats.get(node) as Stats, totalParagraphs)) {
      skipped.add(node);
      for (let up = node.parent; up && stats.has(up); up = up.parent)
        addStats(stats.get(up) as Stats, stats.get(node) as Stats, -1);
    }
  }
  return { order: order.filter((n) => !skipped.has(n)), stats, skipped };
}

function addStats(into: Stats, from: Stats, sign: 1 | -1): void {
  into.text += sign * from.text;
  into.links += sign * from.links;
  into.commas += sign * from.commas;
  into.paragraphs += sign * from.paragraphs;
  into.paragraphText += sign * from.paragraphText;
  if (sign > 0) into.hasMain ||= from.hasMain;
}

/** Boilerplate by class or id, unless it holds the article or most of the page's paragraphs (a "with-sidebar" wrapper). */
function isUnlikely(node: TreeNode, s: Stats, totalParagraphs: number): boolean {
  if (node.name === 'body' || node.name === 'html' || isExplicitMain(node) || !node.attribs) return false;
  const label = `${node.attribs.class ?? ''} ${node.attribs.id ?? ''}`;
  return UNLIKELY.test(label) && !s.hasMain && s.paragraphs <= totalParagraphs / 2;
}

function pickMain(order: TreeNode[], stats: Map<TreeNode, Stats>, skipped: Set<TreeNode>): TreeNode | undefined {
  let explicit: TreeNode | undefined;
  let explicitText = 0;
  for (const node of order) {
    const text = (stats.get(node) as Stats).paragraphText;
    // >= so that, on a tie, the innermost element (later in pre-order) wins.
    if (isExplicitMain(node) && text >= explicitText && text > 0) [explicit, explicitText] = [node, text];
  }
  if (explicit && explicitText >= MIN_EXPLICIT_TEXT) return explicit;
  const scores = new Map<TreeNode, number>();
  for (const node of order) {
    const s = stats.get(node) as Stats;
    if (!SCORED.has(node.name ?? '') || s.text < 25) continue;
    const score = 1 + s.commas + Math.min(s.text / 100, 3);
    const parent = node.parent;
    if (parent && !skipped.has(parent)) scores.set(parent, (scores.get(parent) ?? 0) + score);
    const grand = parent?.parent;
    if (grand && !skipped.has(grand)) scores.set(grand, (scores.get(grand) ?? 0) + score / 2);
  }
  let best = explicit;
  let bestScore = 0;
  for (const [node, score] of scores) {
    const s = stats.get(node);
    const adjusted = s && s.text > 0 ? score * (1 - s.links / s.text) : 0;
    if (adjusted > bestScore) [best, bestScore] = [node, adjusted];
  }
  return best;
}

/** The text under `main` as paragraphs: every block element starts a new one. */
function mainText(main: TreeNode, skipped: Set<TreeNode>): string {
  const paragraphs: string[] = [];
  let current = '';
  let linkText = 0;
  const flush = (): void => {
    const text = collapse(current);
    if (text && linkText / text.length <= MAX_LINK_RATIO) paragraphs.push(text);
    [current, linkText] = ['', 0];
  };
  const stack: { node: TreeNode; inLink: boolean; closing: boolean }[] = [
    { node: main, inLink: false, closing: false },
  ];
  while (stack.length > 0) {
    const { node, inLink, closing } = stack.pop() as (typeof stack)[number];
    if (node.type === 'text') {
      current += node.data ?? '';
      if (inLink) linkText += collapse(node.data ?? '').length;
      continue;
    }
    if (!isElement(node) && node.type !== 'root') continue;
    if (skipped.has(node)) continue;
    const block = BLOCK.has(node.name ?? '');
    if (block) flush();
    if (closing) continue;
    if (block) stack.push({ node, inLink, closing: true });
    const childInLink = inLink || node.name === 'a';
    for (let i = (node.children?.length ?? 0) - 1; i >= 0; i--) {
      stack.push({ node: (node.children as TreeNode[])[i], inLink: childInLink, closing: false });
    }
  }
  flush();
  return paragraphs.join('\n\n');
}

/** The raw metadata sources of the page, in one walk. */
function metadataSources(root: TreeNode): MetadataSources {
  const metas = new Map<string, string>();
  const jsonLd: string[] = [];
  const first = new Map<string, TreeNode>();
  for (const el of elements(root)) {
    const attribs = el.attribs ?? {};
    const key = (attribs.property ?? attribs.name ?? '').toLowerCase();
    if (el.name === 'meta' && key && attribs.content !== undefined && !metas.has(key)) metas.set(key, attribs.content);
    else if (el.name === 'script' && attribs.type === 'application/ld+json') jsonLd.push(textOf(el));
    const kind =
      el.name === 'time' && attribs.datetime
        ? 'time'
        : el.name === 'a' && /(^|\s)author(\s|$)/i.test(attribs.rel ?? '')
          ? 'rel-author'
          : (el.name ?? '');
    if (['html', 'title', 'h1', 'time', 'rel-author'].includes(kind) && !first.has(kind)) first.set(kind, el);
  }
  const firstText = (kind: string): string | null => {
    const el = first.get(kind);
    return el ? textOf(el) : null;
  };
  return {
    metas,
    jsonLd,
    title: firstText('title'),
    h1: firstText('h1'),
    relAuthor: firstText('rel-author'),
    time: first.get('time')?.attribs?.datetime ?? null,
    lang: first.get('html')?.attribs?.lang ?? null,
  };
}
