import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { match } from '../fixtures/matchers';

describe('GraphQL API (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  }, BOOT_TIMEOUT_MS);

  afterAll(() => sut?.close(), BOOT_TIMEOUT_MS);

  const ORCHESTRATE = `mutation Run($name: String!, $input: JSONObject, $context: OrchestrationContextInput) {
    orchestrate(name: $name, input: $input, context: $context) { status data reason error category retryable httpStatus }
  }`;

  describe('orchestrators', () => {
    it('lists orchestrators, optionally of one layer', async () => {
      const all = await sut.graphql<{ orchestrators: { name: string }[] }>('{ orchestrators { name layer type } }');
      expect(all.data?.orchestrators.map((o) => o.name)).toEqual([
        'advanced_bandits',
        'agent_training',
        'autonomous_intelligence',
        'echo',
        'enhanced_autonomous',
        'fallback_autonomous',
        'flaky',
        'hierarchical',
        'mission_orchestrator',
        'noop',
        'performance_analytics',
        'realtime_monitoring',
        'recursive',
        'resilience',
        'security',
        'telemetry',
        'unified_feedback',
      ]);
      const domain = await sut.graphql('{ orchestrators(layer: domain) { name layer type } }');
      expect(domain.data?.orchestrators).toEqual([
        { name: 'agent_training', layer: 'domain', type: 'adaptive' },
        { name: 'autonomous_intelligence', layer: 'domain', type: 'hierarchical' },
        { name: 'echo', layer: 'domain', type: 'sequential' },
        { name: 'enhanced_autonomous', layer: 'domain', type: 'adaptive' },
        { name: 'fallback_autonomous', layer: 'domain', type: 'sequential' },
        { name: 'hierarchical', layer: 'domain', type: 'hierarchical' },
        { name: 'mission_orchestrator', layer: 'domain', type: 'coordination' },
        { name: 'recursive', layer: 'domain', type: 'hierarchical' },
      ]);
    });

    it('rejects an unknown layer', async () => {
      const res = await sut.graphql('{ orchestrators(layer: presentation) { name } }');
      expect(res.errors?.[0].message).toContain('Value "presentation" does not exist in "OrchestrationLayer" enum');
    });
  });

  describe('orchestrator', () => {
    it('describes one orchestrator, null for an unknown name', async () => {
      const res = await sut.graphql(
        '{ a: orchestrator(name: "flaky") { name layer type hasHealthCheck } b: orchestrator(name: "missing") { name } }',
      );
      expect(res.data).toEqual({
        a: { name: 'flaky', layer: 'application', type: 'adaptive', hasHealthCheck: true },
        b: null,
      });
    });
  });

  describe('orchestrate', () => {
    it('runs an orchestrator with input and context', async () => {
      const res = await sut.graphql(ORCHESTRATE, {
        name: 'echo',
        input: { url: 'x' },
        context: { tenantId: 'acme', requestId: 'gql-1' },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data?.orchestrate).toEqual({
        status: 'ok',
        data: {
          requestId: 'gql-1',
          tenantId: 'acme',
          workspaceId: 'default',
          traceId: match.stringMatching(/^[0-9a-f]{32}$/),
          input: { url: 'x' },
        },
        reason: null,
        error: null,
        category: null,
        retryable: null,
        httpStatus: 200,
      });
    });

    it('returns error results as data, with the status REST would use', async () => {
      const res = await sut.graphql(ORCHESTRATE, { name: 'flaky', input: { mode: 'throw' } });
      expect(res.data?.orchestrate).toMatchObject({
        status: 'error',
        error: 'flaky failed: boom',
        category: 'processing',
        retryable: true,
        httpStatus: 500,
      });
      const missing = await sut.graphql(ORCHESTRATE, { name: 'missing' });
      expect(missing.data?.orchestrate).toMatchObject({ status: 'error', category: 'not_found', httpStatus: 404 });
    });

    it('rejects a context field that is not a safe id, naming it', async () => {
      const res = await sut.graphql(ORCHESTRATE, { name: 'echo', context: { tenantId: 'a b' } });
      expect(res.data).toBeNull();
      expect(res.errors?.[0].message).toBe(
        'tenantId must be 1-128 characters of letters, digits, ".", "_", ":" or "-"',
      );
    });

    it.each(['fallback_autonomous', 'autonomous_intelligence', 'enhanced_autonomous'])(
      'refuses input.localFiles for %s with httpStatus 400 naming it, and reads no file',
      async (name) => {
        const secret = join(mkdtempSync(join(tmpdir(), 'crew-secret-')), 'secret.txt');
        writeFileSync(secret, 'TOP SECRET: not for the API');
        const res = await sut.graphql(ORCHESTRATE, {
          name,
          input: { url: pathToFileURL(secret).href, localFiles: 'any' },
        });
        expect([res.errors, res.data?.orchestrate]).toEqual([
          undefined,
          {
            status: 'error',
            data: null,
            reason: null,
            error: 'input.localFiles is not an allowed field',
            category: 'validation',
            retryable: false,
            httpStatus: 400,
          },
        ]);
        expect(JSON.stringify(res)).not.toContain('TOP SECRET');
      },
    );

    it('rejects unknown context fields and non-object input', async () => {
      const unknown = await sut.graphql(ORCHESTRATE, { name: 'echo', context: { tenant: 'acme' } });
      expect(unknown.errors?.[0].message).toContain(
        'Field "tenant" is not defined by type "OrchestrationContextInput"',
      );
      const list = await sut.graphql(ORCHESTRATE, { name: 'echo', input: [1, 2] });
      expect(list.errors?.[0].message).toContain('JSONObject cannot represent non-object value');
    });
  });

  describe('agent training', () => {
    it('lists the current definitions and the stored versions, runs a dry-run enhancement and generates examples', async () => {
      const listed = await sut.graphql<{
        trainingDefinitions: { agents: { agent: string; version: number; origin: string }[]; candidates: unknown[] };
      }>('{ trainingDefinitions { agents { agent version origin } candidates } }');
      expect(listed.data?.trainingDefinitions).toEqual({
        agents: [
          { agent: 'acquisition_specialist', version: 1, origin: 'file' },
          { agent: 'transcription_engineer', version: 1, origin: 'file' },
          { agent: 'analysis_cartographer', version: 1, origin: 'file' },
          { agent: 'verification_director', version: 1, origin: 'file' },
          { agent: 'knowledge_integrator', version: 1, origin: 'file' },
        ],
        candidates: [],
      });
      const versions = await sut.graphql<{
        agentDefinitionVersions: { version: number; definition: { role: string } }[];
      }>('{ agentDefinitionVersions(agent: "verification_director") { version definition } }');
      expect(versions.data?.agentDefinitionVersions.map((v) => [v.version, v.definition.role])).toEqual([
        [1, 'Verification Director and Fact Checker'],
      ]);
      const dryRun = await sut.graphql<{
        enhanceAgents: { written: boolean; diff: string; agents: { result: string }[] };
      }>('mutation { enhanceAgents(agents: ["verification_director"]) { written diff agents } }');
      expect(dryRun.data?.enhanceAgents.written).toBe(false);
      expect(dryRun.data?.enhanceAgents.agents).toMatchObject([{ result: 'dry_run' }]);
      expect(dryRun.data?.enhanceAgents.diff).toContain('+    [training:begin]');
      const examples = await sut.graphql<{ trainingExamples: { focus: string; seed: number; examples: unknown[] } }>(
        'mutation { trainingExamples(agent: "verification_director", count: 2, seed: 7) { focus seed examples } }',
      );
      expect(examples.data?.trainingExamples).toMatchObject({ focus: 'fact_checking', seed: 7 });
      expect(examples.data?.trainingExamples.examples).toHaveLength(2);
    });

    it('answers an agent outside the crew with the validation message REST gives', async () => {
      const res = await sut.graphql('{ agentDefinitionVersions(agent: "nobody") { version } }');
      expect(res.errors?.[0].message).toBe(
        'agent must be one of acquisition_specialist, transcription_engineer, analysis_cartographer, verification_director, knowledge_integrator',
      );
    });
  });
});
