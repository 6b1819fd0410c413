import { testConfig } from '../../../test/fixtures/test-config';
import { BindingsHealthProbe, CAPABILITY_IDS, createBindingsHealthProbe, type HealthFacts } from './health-probe';

const NONE: HealthFacts = {
  agentRuntime: false,
  contentPipeline: false,
  youtubeDownload: false,
  llm: false,
  discordPosting: false,
};
const ALL_ISSUES = [
  'Agent runtime not bound: the pipeline fallback will be used',
  'Content pipeline not bound',
  'yt-dlp not available: video download capability missing',
  'LLM not configured (llm.baseUrl and llm.model)',
  'Discord webhook not configured (content.discordWebhookUrl, https)',
];

describe(BindingsHealthProbe.name, () => {
  describe('probe', () => {
    it('E1: two capabilities are healthy', () => {
      const sut = new BindingsHealthProbe({ ...NONE, agentRuntime: true, contentPipeline: true });
      expect(sut.probe()).toEqual({
        capabilities: ['crewai_agents', 'content_pipeline'],
        issues: ALL_ISSUES.slice(2),
        healthy: true,
      });
    });

    it('E1: one capability is not healthy', () => {
      const sut = new BindingsHealthProbe({ ...NONE, contentPipeline: true });
      expect(sut.probe()).toEqual({
        capabilities: ['content_pipeline'],
        issues: [ALL_ISSUES[0], ...ALL_ISSUES.slice(2)],
        healthy: false,
      });
    });

    it('lists every capability in CAPABILITY_IDS order and an issue for each missing one', () => {
      const all = new BindingsHealthProbe({
        agentRuntime: true,
        contentPipeline: true,
        youtubeDownload: true,
        llm: true,
        discordPosting: true,
      }).probe();
      expect(all).toEqual({
        capabilities: ['crewai_agents', 'content_pipeline', 'youtube_download', 'openai_api', 'discord_posting'],
        issues: [],
        healthy: true,
      });
      expect(new BindingsHealthProbe(NONE).probe()).toEqual({ capabilities: [], issues: ALL_ISSUES, healthy: false });
      expect(Object.values(CAPABILITY_IDS)).toEqual(all.capabilities);
    });

    it('returns a copy each time, so a caller cannot change the report', () => {
      const sut = new BindingsHealthProbe(NONE);
      sut.probe().issues.length = 0;
      expect(sut.probe().issues).toHaveLength(5);
    });
  });
});

describe(createBindingsHealthProbe.name, () => {
  const pipeline = { process: jest.fn() };
  const runtime = { name: 'deterministic', run: jest.fn() };

  it('derives the facts from bindings and config without asking for yt-dlp when it is on or off', async () => {
    const ask = jest.fn(async () => true);
    const config = testConfig({ content: { ytDlp: 'on', discordWebhookUrl: 'https://discord.test/api/webhooks/1/x' } });
    const sut = await createBindingsHealthProbe({
      config,
      agentRuntime: runtime,
      pipeline,
      llm: { enabled: true },
      ytDlpAvailable: ask,
    });
    expect(sut.probe().capabilities).toEqual([
      'crewai_agents',
      'content_pipeline',
      'youtube_download',
      'openai_api',
      'discord_posting',
    ]);
    const off = await createBindingsHealthProbe({
      config: testConfig({ content: { ytDlp: 'off' } }),
      agentRuntime: undefined,
      pipeline,
      llm: null,
      ytDlpAvailable: ask,
    });
    expect(off.probe().capabilities).toEqual(['content_pipeline']);
    expect(ask).not.toHaveBeenCalled();
  });

  it('asks for the yt-dlp binary in auto mode, and counts Discord only for an https webhook', async () => {
    const ask = jest.fn(async (binary: string) => binary === 'yt-dlp');
    const config = testConfig({ content: { ytDlp: 'auto', discordWebhookUrl: 'http://discord.test/hook' } });
    const sut = await createBindingsHealthProbe({
      config,
      agentRuntime: null,
      pipeline: undefined,
      llm: { enabled: false },
      ytDlpAvailable: ask,
    });
    expect([ask.mock.calls, sut.probe()]).toEqual([
      [['yt-dlp']],
      {
        capabilities: ['youtube_download'],
        issues: [ALL_ISSUES[0], ALL_ISSUES[1], ALL_ISSUES[3], ALL_ISSUES[4]],
        healthy: false,
      },
    ]);
  });
});
