/** The word_count example of the README and docs/orchestration-guide.md, built only from the public API. */
import { Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import {
  BackgroundJobs,
  BaseOrchestrator,
  Orchestrator,
  createApp,
  fail,
  ok,
  type OrchestrationContext,
  type OrchestrationInput,
  type StepResult,
} from '../../src';
import { BOOT_TIMEOUT_MS, tracked } from '../fixtures/boot';
import { appTestConfig } from '../fixtures/test-config';
import { bearer } from '../fixtures/test-keys';

@Orchestrator({ name: 'word_count', layer: 'domain', description: 'counts the words of input.text' })
@Injectable()
class WordCountOrchestrator extends BaseOrchestrator implements OnApplicationBootstrap {
  constructor(private readonly jobs: BackgroundJobs) {
    super();
  }

  onApplicationBootstrap(): void {
    this.jobs.register('word_count.cleanup', { everyMs: 60_000 }, () => undefined);
  }

  async orchestrate(_ctx: OrchestrationContext, input: OrchestrationInput): Promise<StepResult<{ words: number }>> {
    if (typeof input.text !== 'string') return fail('validation', 'input.text must be a string');
    return ok({ words: input.text.split(/\s+/).filter(Boolean).length });
  }
}

@Module({ providers: [WordCountOrchestrator] })
class WordCountModule {}

describe('extension (e2e)', () => {
  it(
    'serves an orchestrator from a user module with no other change',
    async () => {
      const app = await tracked(createApp({ config: appTestConfig(), imports: [WordCountModule] }));
      await app.init();
      const fastify = app.getHttpAdapter().getInstance();
      await fastify.ready();
      const run = (input: object) =>
        fastify.inject({
          method: 'POST',
          url: '/orchestrators/word_count/orchestrate',
          headers: bearer(),
          payload: { input },
        });

      expect((await run({ text: 'a b  c' })).json()).toEqual({ status: 'ok', data: { words: 3 } });
      const bad = await run({ text: 3 });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toEqual({
        status: 'error',
        error: 'input.text must be a string',
        category: 'validation',
        retryable: false,
      });
      expect(
        app
          .get(BackgroundJobs)
          .list()
          .map((j) => j.name),
      ).toContain('word_count.cleanup');
      await app.close();
      expect(app.get(BackgroundJobs).list()).toEqual([]);
    },
    BOOT_TIMEOUT_MS,
  );
});
