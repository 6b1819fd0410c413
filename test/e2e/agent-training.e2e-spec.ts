import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INTERACTION_LOG, type InteractionLogPort } from '../../src/core/ports/interaction-log.port';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { appTestConfig } from '../fixtures/test-config';

async function agentsFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'training-e2e-'));
  const path = join(dir, 'agents.yaml');
  await copyFile(join(__dirname, '../../config/agents.yaml'), path);
  return path;
}

async function boot(path: string): Promise<NestFastifyApplication> {
  const app = await createApp({ config: appTestConfig({ training: { agentsFile: path } }) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const post = (app: NestFastifyApplication, url: string, payload: object) =>
  app.inject({ method: 'POST', url, payload });

describe('agent_training over REST', () => {
  it(
    'lists the definitions, previews a dry run without touching the file, and refuses bad input',
    async () => {
      const path = await agentsFile();
      const before = await readFile(path, 'utf8');
      const app = await boot(path);
      try {
        const listed = jsonBody<{ agents: { agent: string; version: number }[] }>(
          await app.inject({ method: 'GET', url: '/training/agents' }),
        );
        expect(listed.agents.map((a) => [a.agent, a.version])).toEqual([
          ['acquisition_specialist', 1],
          ['transcription_engineer', 1],
          ['analysis_cartographer', 1],
          ['verification_director', 1],
          ['knowledge_integrator', 1],
        ]);
        const preview = await post(app, '/training/enhance', { agents: ['verification_director'] });
        expect(preview.statusCode).toBe(200);
        const body = jsonBody<{ diff: string; written: boolean; agents: { result: string; focus: string }[] }>(preview);
        expect(body.written).toBe(false);
        expect(body.agents).toMatchObject([{ result: 'dry_run', focus: 'fact_checking' }]);
        expect(body.diff).toContain('+    [training:begin]');
        expect(await readFile(path, 'utf8')).toBe(before);

        expect((await post(app, '/training/examples', { agent: 'nobody' })).statusCode).toBe(400);
        expect((await post(app, '/training/examples', { agent: 'verification_director', seed: -1 })).statusCode).toBe(
          400,
        );
        const weights = await post(app, '/training/examples', {
          agent: 'verification_director',
          weights: { basic: 0.5, intermediate: 0.5, advanced: 0.5, expert: 0 },
        });
        expect(weights.statusCode).toBe(400);
        expect(weights.body).toContain('weights must sum to 1 (they sum to 1.5)');
        const examples = jsonBody<{ examples: unknown[] }>(
          await post(app, '/training/examples', { agent: 'verification_director', count: 3 }),
        );
        expect(examples.examples).toHaveLength(3);

        // Nothing recorded yet: the agent is reported, not evaluated, and the file is left as it was.
        const apply = await post(app, '/training/apply', { agents: ['verification_director'] });
        expect([apply.statusCode, jsonBody<{ agents: { result: string }[] }>(apply).agents[0].result]).toEqual([
          200,
          'insufficient_data',
        ]);
        expect(await readFile(path, 'utf8')).toBe(before);
      } finally {
        await app.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'keeps the candidate when a replay measures no improvement, and reports too little data',
    async () => {
      const path = await agentsFile();
      const before = await readFile(path, 'utf8');
      const app = await boot(path);
      const log = app.get<InteractionLogPort>(INTERACTION_LOG, { strict: false });
      try {
        const record = (n: number, taskType: string) =>
          log.record({
            tenantId: 'default',
            agent: 'verification_director',
            taskType,
            source: 'crew',
            runId: `r${n}`,
            tools: ['fact_check'],
            toolSequence: ['fact_check'],
            durationMs: 5000,
            outcome: 'ok',
            quality: 0.8,
            error: null,
            at: Date.now() - 60_000 + n,
          });
        for (let n = 0; n < 3; n++) record(n, 'analysis.fact');
        await log.flush();
        const few = jsonBody<{ agents: { result: string; reason: string }[] }>(
          await post(app, '/training/apply', { agents: ['verification_director'] }),
        );
        expect(few.agents[0]).toMatchObject({
          result: 'insufficient_data',
          reason:
            '3 recorded interaction(s) of crew tasks of verification_director in the last 30 days; an evaluation needs 10',
        });
        for (let n = 3; n < 12; n++) record(n, 'analysis.fact');
        await log.flush();
        const kept = jsonBody<{ written: boolean; agents: { result: string; reason: string; version: number }[] }>(
          await post(app, '/training/apply', { agents: ['verification_director'] }),
        );
        expect(kept.written).toBe(false);
        expect(kept.agents[0]).toMatchObject({
          result: 'candidate',
          reason: 'the candidate is better on no metric beyond the 95 % bounds',
          version: 1,
        });
        expect(await readFile(path, 'utf8')).toBe(before);
        const report = jsonBody<{ interactions: number; status: string }>(
          await app.inject({ method: 'GET', url: '/training/agents/verification_director/report' }),
        );
        expect(report).toMatchObject({ interactions: 12, status: 'excellent', overallScore: 0.943 });
      } finally {
        await app.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'refuses to boot with a malformed agents file, naming the key and the line, and leaves the file untouched',
    async () => {
      const path = await agentsFile();
      const broken = (await readFile(path, 'utf8')).replace('role: Knowledge Integrator', 'role: [a, b]');
      await writeFile(path, broken);
      await expect(boot(path)).rejects.toThrow(
        `training.agentsFile (${path}): agents.yaml line 65: knowledge_integrator.role: Invalid input: expected string, received array`,
      );
      expect(await readFile(path, 'utf8')).toBe(broken);
    },
    BOOT_TIMEOUT_MS,
  );
});
