import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INTERACTION_LOG, type Interaction, type InteractionLogPort } from '../../src/core/ports/interaction-log.port';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { chatCompletion } from '../fixtures/chat-completion';
import { jsonBody } from '../fixtures/json-body';
import { appTestConfig, testDataDir } from '../fixtures/test-config';

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text));
  });

/**
 * A stand-in model that is better for a trained agent: an agent whose prompt holds a training block gets every key
 * its contract asks for; any other agent's reply is unstructured (quality 0, success 0 when replayed).
 */
function answer(system: string): string {
  if (system.startsWith('You summarise documents')) return 'Tides rose.';
  const keys = /holding exactly the keys: ([^.]+)\./.exec(system)?.[1].split(', ') ?? [];
  const trained = system.includes('[training:begin]');
  if (keys.length === 0) return 'Research topics: tides.';
  if (!trained && /analysis cartographer/i.test(system)) return 'I could not map it.';
  return `\`\`\`json\n${JSON.stringify(Object.fromEntries(keys.map((k) => [k, `The ${k} as found, at length.`])))}\n\`\`\``;
}

interface Outcome {
  readonly written: boolean;
  readonly agents: { agent: string; result: string; version: number; evaluation: { runtime: string } }[];
}

describe('agent_training promotion with the LLM runtime (e2e)', () => {
  let server: Server;
  let base = '';
  const systems: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      void (async () => {
        if (req.url === '/page') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('Tides rose.');
        const request = JSON.parse(await body(req)) as { messages: { role: string; content: string }[] };
        const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
        systems.push(system);
        res.setHeader('content-type', 'application/json');
        res.end(chatCompletion(answer(system)));
      })().catch(() => res.writeHead(500).end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** Boots on `dataDir`; the interactions given are recorded into the application's own log first. */
  async function boot(
    path: string,
    dataDir: string,
    interactions: readonly Interaction[] = [],
  ): Promise<NestFastifyApplication> {
    const app = await createApp({
      config: appTestConfig({
        persistence: { dataDir },
        training: { agentsFile: path, repeats: 3 },
        content: { allowedCidrs: ['127.0.0.0/8'], ytDlp: 'off' },
        llm: { baseUrl: `${base}/v1`, model: 'gpt-4o' },
        autointel: { agentRuntime: 'llm', parallelAnalysis: false },
      }),
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const log = app.get<InteractionLogPort>(INTERACTION_LOG, { strict: false });
    for (const i of interactions) log.record(i);
    await log.flush();
    return app;
  }

  it(
    'promotes a candidate the replay measures better: the file is written, the version stored and bumped, the next run is told the new definition, and a reboot keeps it',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'training-promotion-'));
      const path = join(dir, 'agents.yaml');
      await copyFile(join(__dirname, '../../config/agents.yaml'), path);
      const before = await readFile(path, 'utf8');
      const dataDir = testDataDir();
      const interactions: Interaction[] = [];
      for (let n = 0; n < 10; n++)
        interactions.push({
          tenantId: 'default',
          agent: 'analysis_cartographer',
          taskType: 'analysis',
          source: 'crew',
          runId: `r${n}`,
          tools: ['pipeline'],
          toolSequence: ['pipeline'],
          durationMs: 4000,
          outcome: 'ok',
          quality: 0.7,
          error: null,
          at: Date.now() - 60_000 + n,
        });
      let app = await boot(path, dataDir, interactions);
      try {
        const applied = await app.inject({
          method: 'POST',
          url: '/training/apply',
          payload: { agents: ['analysis_cartographer'] },
        });
        expect(applied.statusCode).toBe(200);
        const outcome = jsonBody<Outcome>(applied);
        expect(outcome.written).toBe(true);
        expect(outcome.agents).toMatchObject([
          { agent: 'analysis_cartographer', result: 'promoted', version: 2, evaluation: { runtime: 'llm' } },
        ]);
        const written = await readFile(path, 'utf8');
        expect(written).toContain('[training:begin]');
        expect(await readFile(join(dir, 'agents.backup.yaml'), 'utf8')).toBe(before);

        systems.length = 0;
        const run = await app.inject({ method: 'POST', url: '/autointel?wait=true', payload: { url: `${base}/page` } });
        expect(run.statusCode).toBe(200);
        const analysis = systems.filter((s) => s.includes('holding exactly the keys: linguistic_patterns'));
        expect(analysis).toHaveLength(1);
        expect(analysis[0]).toMatch(/^You are the Analysis Cartographer\. Your goal: [\s\S]*\[training:begin\]/);
      } finally {
        await app.close();
      }

      // The file put back as it was: the stored version 2 is newer than the file's (version 1), so it is loaded.
      await copyFile(join(dir, 'agents.backup.yaml'), path);
      app = await boot(path, dataDir);
      try {
        const listed = jsonBody<{ agents: { agent: string; version: number; origin: string }[] }>(
          await app.inject({ method: 'GET', url: '/training/agents' }),
        );
        expect(listed.agents.map((a) => [a.agent, a.version, a.origin])).toEqual([
          ['acquisition_specialist', 1, 'file'],
          ['transcription_engineer', 1, 'file'],
          ['analysis_cartographer', 2, 'training'],
          ['verification_director', 1, 'file'],
          ['knowledge_integrator', 1, 'file'],
        ]);
      } finally {
        await app.close();
      }
    },
    BOOT_TIMEOUT_MS * 2,
  );
});
