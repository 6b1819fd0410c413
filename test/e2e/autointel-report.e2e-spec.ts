import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { createTestApp, type TestApp } from '../fixtures/test-app';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const SECTIONS = [
  'What it is',
  'Summary',
  'Key points and topics',
  'Named entities',
  'Claims',
  'Tone and quotes',
  'Assessment',
  'Method',
];
const ROOT = join(__dirname, '..', '..');
/** A long real document (the content services page), for the depth comparison and the outline. */
const LONG_DOC = join(ROOT, 'docs', 'content.md');

interface Run {
  readonly workflowId: string;
  readonly status: string;
  readonly result: { readonly report: string; readonly data: { readonly contentReport: unknown } } | null;
}

/** Elements of a parsed HTML tree, depth first. */
function elements(node: Node): Element[] {
  const own = 'tagName' in node ? [node] : [];
  const children = 'childNodes' in node ? node.childNodes : [];
  return [...own, ...children.flatMap(elements)];
}
const textOf = (node: Node): string =>
  node.nodeName === '#text'
    ? (node as DefaultTreeAdapterMap['textNode']).value
    : 'childNodes' in node
      ? node.childNodes.map(textOf).join('')
      : '';

const headings = (markdown: string, level: '##' | '###') =>
  markdown.split('\n').flatMap((line) => (line.startsWith(`${level} `) ? [line.slice(level.length + 1)] : []));
const words = (markdown: string) => markdown.split(/\s+/).filter(Boolean).length;

/** `GET /autointel/:id/report`: one model, three renderings, for every mode; deeper depths add, never drop. */
describe('autointel report (e2e)', () => {
  let t: TestApp;
  let server: Server;
  let base = '';
  let release: () => void = () => {};
  const files = mkdtempSync(join(tmpdir(), 'crew-report-'));

  beforeAll(async () => {
    writeFileSync(
      join(files, 'hostile.txt'),
      'The council said <script>alert("x")</script> costs rose 40% in 2025. ' +
        'Mayor Ann Lee called the plan "a careful and honest budget for every family" at the Town Hall. ' +
        'Critics in Springfield said the tax rise was unfair and badly explained.',
    );
    server = createServer((req, res) => {
      // A page that answers only when the test releases it, so its run is seen while still running.
      if (req.url === '/slow') release = () => res.writeHead(200, { 'content-type': 'text/plain' }).end('Slow.');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp({
      content: {
        allowedCidrs: ['127.0.0.0/8'],
        ytDlp: 'off',
        fileRoots: [files, join(ROOT, 'docs'), join(ROOT, 'examples')],
      },
    });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    release();
    await t?.close();
    await new Promise((resolve) => server.close(resolve));
  }, BOOT_TIMEOUT_MS);

  const run = async (url: string, mode: string, depth = 'standard'): Promise<Run> => {
    const res = await t.request({ method: 'POST', url: '/autointel?wait=true', payload: { url, mode, depth } });
    expect(res.statusCode).toBe(200);
    return jsonBody<Run>(res);
  };
  const report = (id: string, format?: string) =>
    t.request({ method: 'GET', url: `/autointel/${id}/report${format ? `?format=${format}` : ''}` });

  it.each(['fallback', 'autonomous', 'enhanced'])(
    '%s: Markdown, HTML and JSON renderings of one model, the eight sections in order',
    async (mode) => {
      const finished = await run(join(files, 'hostile.txt'), mode);
      const [md, html, json] = await Promise.all([
        report(finished.workflowId),
        report(finished.workflowId, 'html'),
        report(finished.workflowId, 'json'),
      ]);
      expect([md.statusCode, md.headers['content-type']]).toEqual([200, 'text/markdown; charset=utf-8']);
      expect(md.body).toBe(finished.result?.report);
      expect(headings(md.body, '##')).toEqual(SECTIONS);
      expect(md.body).not.toContain('```');
      expect(md.body).toContain('**People**: Ann Lee (1)');

      expect([html.statusCode, html.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
      const errors: string[] = [];
      const doc = parse(html.body, { onParseError: (e) => errors.push(e.code) });
      expect(errors).toEqual([]);
      const all = elements(doc);
      expect(all.filter((e) => e.tagName === 'h2').map(textOf)).toEqual(SECTIONS);
      // The document's markup is text in the page, never markup.
      expect(all.filter((e) => e.tagName === 'script')).toEqual([]);
      expect(html.body).toContain('&lt;script&gt;');

      expect([json.statusCode, json.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8']);
      expect(json.json()).toEqual(finished.result?.data.contentReport);
      expect(json.json()).toMatchObject({ version: 1, method: { mode } });
    },
    60_000,
  );

  it('a deeper depth adds sections and words, and drops none', async () => {
    const standard = await run(LONG_DOC, 'autonomous', 'standard');
    const comprehensive = await run(LONG_DOC, 'autonomous', 'comprehensive');
    const [s, c] = [standard.result!.report, comprehensive.result!.report];
    expect(headings(c, '##')).toEqual(headings(s, '##'));
    expect(headings(s, '###').every((h) => headings(c, '###').includes(h))).toBe(true);
    expect([headings(s, '###').includes('Outline'), headings(c, '###').includes('Outline')]).toEqual([false, true]);
    expect(words(c)).toBeGreaterThan(words(s));
  }, 60_000);

  it('answers 400 naming format for an unknown one, 409 while the run is going, 404 for an unknown run', async () => {
    const started = await t.request({
      method: 'POST',
      url: '/autointel',
      payload: { url: `${base}/slow`, mode: 'fallback' },
    });
    const id = jsonBody<Run>(started).workflowId;
    const bad = await report(id, 'pdf');
    expect([bad.statusCode, bad.json<{ error: string }>().error]).toEqual([
      400,
      'format must be one of the following values: md, html, json',
    ]);
    const early = await report(id);
    expect([early.statusCode, early.json<{ error: string }>().error]).toEqual([
      409,
      expect.stringMatching(new RegExp(`^Run "${id}" is (queued|running); its report comes when it finishes$`)),
    ]);
    release();
    expect((await report('no-such-run')).statusCode).toBe(404);
  }, 60_000);
});
