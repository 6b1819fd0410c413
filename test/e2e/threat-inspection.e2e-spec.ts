import type { InjectOptions } from 'fastify';
import { ThreatService } from '../../src/infrastructure/security/threats/threat.service';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { jsonBody, type ApiBody } from '../fixtures/json-body';
import { createTestApp, type TestApp } from '../fixtures/test-app';

/** What a test reads of a threat the inspection recorded. */
interface Seen {
  readonly rule: unknown;
  readonly fields: unknown;
  readonly status: string;
  readonly action?: string;
}

const ORCHESTRATE = `mutation Run($name: String!, $input: JSONObject) {
  orchestrate(name: $name, input: $input) { status error httpStatus }
}`;

const SCRIPT_URL = 'https://x.invalid/<script>alert(1)</script>';
const TRAVERSAL_URL = 'https://x.invalid/../../etc/passwd';
const SQL_COMMENT = "great answer'; DROP TABLE users; --";

describe('threat inspection on the built-in routes (e2e)', () => {
  let t: TestApp;
  let threats: ThreatService;
  const known = new Set<string>();

  /** The threats recorded since the last call, oldest first. */
  async function newThreats(): Promise<Seen[]> {
    const all = (await threats.list({ allTenants: true }, undefined, 10_000)).reverse();
    const fresh = all.filter((th) => !known.has(th.threatId));
    for (const th of fresh) known.add(th.threatId);
    return fresh.map((th) => ({
      rule: th.metadata.rule,
      fields: th.metadata.fields,
      status: th.status,
      ...(th.mitigationAction ? { action: th.mitigationAction } : {}),
    }));
  }

  const post = (url: string, payload: unknown, extra: Partial<InjectOptions> = {}) =>
    t.request({ method: 'POST', url, payload: payload as InjectOptions['payload'], ...extra });

  beforeAll(async () => {
    t = await createTestApp();
    threats = t.app.get(ThreatService);
  }, BOOT_TIMEOUT_MS);

  afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

  beforeEach(async () => {
    await newThreats();
  });

  describe('block: POST /autointel url', () => {
    it.each([
      [SCRIPT_URL, ['xss_attempt.script_tag']],
      [TRAVERSAL_URL, ['path_traversal.dot_dot_slash', 'path_traversal.etc_passwd']],
    ])('refuses %j with 400 naming url, and records the threats as mitigated', async (url, rules) => {
      const res = await post('/autointel', { url });
      expect([res.statusCode, jsonBody(res).error]).toEqual([
        400,
        'url was refused: it matches a blocked threat pattern',
      ]);
      expect(await newThreats()).toEqual(
        rules.map((rule) => ({ rule, fields: ['url'], status: 'mitigated', action: 'block_request' })),
      );
    });

    it('queues a clean url and records nothing', async () => {
      const res = await post('/autointel', { url: 'https://x.invalid/articles/2026?a=1&b=2' });
      expect(res.statusCode).toBe(202);
      expect(await newThreats()).toEqual([]);
    });
  });

  describe('the generic route: input.url blocked, the envelope not inspected', () => {
    it('refuses a traversal in input.url with 400 naming it, before the orchestrator runs', async () => {
      const res = await post('/orchestrators/fallback_autonomous/orchestrate', { input: { url: TRAVERSAL_URL } });
      expect([res.statusCode, jsonBody(res).error]).toEqual([
        400,
        'input.url was refused: it matches a blocked threat pattern',
      ]);
      expect((await newThreats()).map((s) => [s.rule, s.fields, s.action])).toEqual([
        ['path_traversal.dot_dot_slash', ['input.url'], 'block_request'],
        ['path_traversal.etc_passwd', ['input.url'], 'block_request'],
      ]);
    });

    it('serves a clean input.url, and leaves context.metadata and other input fields alone', async () => {
      const res = await post('/orchestrators/echo/orchestrate', {
        input: { url: 'https://x.invalid/a', note: SQL_COMMENT },
        context: { metadata: { origin: SCRIPT_URL } },
      });
      expect(res.statusCode).toBe(200);
      expect(await newThreats()).toEqual([]);
    });

    it('monitors the feedback and bandit free text it carries, as their own routes do', async () => {
      const feedback = await post('/orchestrators/unified_feedback/orchestrate', {
        input: {
          operation: 'submit_feedback',
          signal: { componentId: 'search', reward: 1, metadata: { comment: SQL_COMMENT } },
        },
      });
      const route = await post('/orchestrators/advanced_bandits/orchestrate', {
        input: { operation: 'route', userId: 'u1', prompt: 'summarise <script src=x> for me' },
      });
      expect([feedback.statusCode, route.statusCode]).toEqual([200, 200]);
      expect(await newThreats()).toEqual([
        { rule: 'sql_injection.drop_table', fields: ['input.signal.metadata'], status: 'open' },
        { rule: 'sql_injection.stacked_drop', fields: ['input.signal.metadata'], status: 'open' },
        { rule: 'xss_attempt.script_tag', fields: ['input.prompt'], status: 'open' },
      ]);
    });
  });

  describe('GraphQL orchestrate: the same fields, read from the arguments', () => {
    it('refuses a script in input.url naming the field', async () => {
      const res = await t.graphql(ORCHESTRATE, { name: 'echo', input: { url: SCRIPT_URL } });
      expect([res.data, res.errors?.map((e) => e.message)]).toEqual([
        null,
        ['input.url was refused: it matches a blocked threat pattern'],
      ]);
      expect(await newThreats()).toEqual([
        { rule: 'xss_attempt.script_tag', fields: ['input.url'], status: 'mitigated', action: 'block_request' },
      ]);
    });

    it('monitors input.signal.metadata and serves the request; a clean input records nothing', async () => {
      const res = await t.graphql<{ orchestrate: { status: string } }>(ORCHESTRATE, {
        name: 'echo',
        input: { signal: { metadata: { comment: 'see ../../etc/passwd' } } },
      });
      expect([res.errors, res.data?.orchestrate.status]).toEqual([undefined, 'ok']);
      expect(await newThreats()).toEqual([
        { rule: 'path_traversal.dot_dot_slash', fields: ['input.signal.metadata'], status: 'open' },
        { rule: 'path_traversal.etc_passwd', fields: ['input.signal.metadata'], status: 'open' },
      ]);
      const clean = await t.graphql(ORCHESTRATE, { name: 'echo', input: { url: 'https://x.invalid/ok' } });
      expect(clean.errors).toBeUndefined();
      expect(await newThreats()).toEqual([]);
    });
  });

  describe('monitor: the feedback submits', () => {
    it.each([
      ['/feedback', 'metadata', { componentId: 'search', reward: 1, metadata: { comment: SQL_COMMENT } }],
      ['/feedback', 'context', { componentId: 'search', reward: 1, context: { query: SQL_COMMENT } }],
      ['/feedback/tool', 'context', { toolId: 'scraper', success: true, context: { args: SQL_COMMENT } }],
      ['/feedback/agent', 'context', { agentId: 'writer', success: true, context: { output: SQL_COMMENT } }],
      [
        '/feedback/trajectory',
        'trajectory',
        { trajectory: { session_id: 's1', steps: [{ tool_name: 'x', output: SQL_COMMENT, success: true }] } },
      ],
    ])('POST %s: serves the request and records the threat on %s', async (url, field, payload) => {
      const res = await post(url, payload);
      expect(res.statusCode).toBe(202);
      expect(await newThreats()).toEqual([
        { rule: 'sql_injection.drop_table', fields: [field], status: 'open' },
        { rule: 'sql_injection.stacked_drop', fields: [field], status: 'open' },
      ]);
    });

    it('records nothing for an ordinary comment', async () => {
      const res = await post('/feedback', {
        componentId: 'search',
        reward: 0.9,
        metadata: { comment: 'Selected the right table; the answer was great', tags: ['select', 'drop'] },
      });
      expect(res.statusCode).toBe(202);
      expect(await newThreats()).toEqual([]);
    });
  });

  describe('monitor: POST /bandits/route prompt', () => {
    it('serves a prompt with a script tag and records it; inline code between backticks is not a threat', async () => {
      const res = await post('/bandits/route', { userId: 'u1', prompt: 'explain <script>alert(1)</script>' });
      expect(res.statusCode).toBe(201);
      expect(await newThreats()).toEqual([{ rule: 'xss_attempt.script_tag', fields: ['prompt'], status: 'open' }]);
      const code = await post('/bandits/route', { userId: 'u1', prompt: 'why does `npm ci` fail?' });
      expect(code.statusCode).toBe(201);
      expect(await newThreats()).toEqual([]);
    });
  });
});

describe('threat inspection with a category switched off (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ threats: { xssAttempt: false } });
  }, BOOT_TIMEOUT_MS);

  afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

  it('lets a script through a blocked field once xssAttempt is off, and still blocks a traversal', async () => {
    const script = await t.request({ method: 'POST', url: '/autointel', payload: { url: SCRIPT_URL } });
    const traversal = await t.request({ method: 'POST', url: '/autointel', payload: { url: TRAVERSAL_URL } });
    expect([script.statusCode, traversal.statusCode, jsonBody<ApiBody>(traversal).error]).toEqual([
      202,
      400,
      'url was refused: it matches a blocked threat pattern',
    ]);
  });
});
