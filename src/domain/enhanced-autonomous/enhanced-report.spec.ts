import type { Payload } from '../content/content.ports';
import {
  crewResultMessage,
  excerpt,
  pipelineFailureMessage,
  pipelineResultMessages,
  pipelineThrowMessage,
  progressLine,
  stageTick,
  unavailableMessage,
  workflowFailureMessage,
} from './enhanced-report';

const URL = 'https://www.youtube.com/watch?v=abc123';
const WID = 'enhanced_autointel_1795521600_511';

function payload(extra: Record<string, unknown> = {}): Payload {
  return {
    download: {
      url: URL,
      title: 'A talk',
      platform: 'youtube',
      duration: 754,
      author: 'Ann Author',
      site: 'youtube.com',
      publishedAt: null,
      contentType: 'video/mp4',
      source: 'yt-dlp',
    },
    transcription: { transcript: 'Hello there.', timelineAnchors: [], qualityScore: 0.8, origin: 'captions' },
    memory: { namespace: 'content', stored: 1 },
    ...extra,
  };
}

describe('enhanced-report', () => {
  describe(excerpt.name, () => {
    it('keeps text up to the limit and cuts longer text with an ellipsis', () => {
      expect([excerpt('abc', 3), excerpt('abcd', 3), excerpt('', 3)]).toEqual(['abc', 'abc…', '']);
    });
  });

  describe(progressLine.name, () => {
    it('appends (current/total)', () => {
      expect(progressLine('Working', 2, 10)).toBe('Working (2/10)');
    });
  });

  describe(crewResultMessage.name, () => {
    it('shows header, URL, depth as requested, method and the first 500 characters', () => {
      const sut = crewResultMessage({
        url: URL,
        depth: 'Deep-ish',
        runtime: 'deterministic',
        finalRaw: 'x'.repeat(501),
      });
      expect(sut).toBe(
        `🤖 **Enhanced autonomous intelligence analysis complete**\n\n**URL:** ${URL}\n**Depth:** Deep-ish\n**Method:** multi-agent crew (deterministic runtime)\n\n**Result:**\n${'x'.repeat(500)}…`,
      );
    });
  });

  describe(stageTick.name, () => {
    it.each([
      ['download', undefined, '⏭️'],
      ['analysis', null, '⏭️'],
      ['analysis', {}, '⏭️'],
      ['analysis', [], '⏭️'],
      ['discord', '', '⏭️'],
      ['download', { title: 't' }, '✅'],
      ['discord', 'posted', '✅'],
      ['discord', { success: true }, '✅'],
      ['discord', { success: false }, '❌'],
      ['memory', { namespace: 'content', stored: 0, error: 'disk full' }, '❌'],
      ['memory', { namespace: 'content', stored: 2 }, '✅'],
      ['transcription', { transcript: '  ' }, '❌'],
      ['transcription', { transcript: 'words' }, '✅'],
    ])('E8: %s block %j → %s', (name, block, tick) => {
      expect(stageTick(name, block)).toBe(tick);
    });
  });

  describe(pipelineResultMessages.name, () => {
    it('E8: reads the unwrapped payload, cuts the title at 100, ticks each stage, one message without analysis', () => {
      const title = 'T'.repeat(150);
      const base = payload();
      const [report, ...rest] = pipelineResultMessages({
        url: URL,
        depth: 'standard',
        workflowId: WID,
        payload: { ...base, download: { ...base.download, title } },
      });
      expect(rest).toEqual([]);
      expect(report).toBe(
        [
          '✅ **Enhanced analysis complete (pipeline)**',
          '',
          `**URL:** ${URL}`,
          `**Title:** ${'T'.repeat(100)}…`,
          '**Uploader:** Ann Author',
          '**Platform:** youtube',
          '**Method:** direct pipeline',
          '**Depth:** standard',
          `**Workflow:** ${WID}`,
          '',
          '**Stages:**',
          '✅ Download',
          '✅ Transcription',
          '⏭️ Analysis',
          '✅ Memory',
          '⏭️ Discord',
        ].join('\n'),
      );
    });

    it('shows Unknown for a missing title and author, and a second message only when analysis carries sentiment or summary', () => {
      const base = payload({ analysis: { sentiment: { label: 'positive', score: 0.5 }, summary: 's'.repeat(501) } });
      const messages = pipelineResultMessages({
        url: URL,
        depth: 'deep',
        workflowId: WID,
        payload: { ...base, download: { ...base.download, title: null, author: null } },
      });
      expect(messages[0]).toContain('**Title:** Unknown\n**Uploader:** Unknown\n');
      expect(messages[0]).toContain('✅ Analysis');
      expect(messages[1]).toBe(
        `📊 **Analysis details**\n**Sentiment:** positive (0.50)\n**Summary:** ${'s'.repeat(500)}…`,
      );
      expect(
        pipelineResultMessages({
          url: URL,
          depth: 'deep',
          workflowId: WID,
          payload: payload({ analysis: { sentiment: 'neutral' } }),
        })[1],
      ).toBe('📊 **Analysis details**\n**Sentiment:** neutral');
      expect(
        pipelineResultMessages({
          url: URL,
          depth: 'deep',
          workflowId: WID,
          payload: payload({ analysis: { keywords: ['a'] } }),
        }),
      ).toHaveLength(1);
    });
  });

  describe('failure messages', () => {
    it('E9: a pipeline failure names the error, URL and workflow id', () => {
      expect(pipelineFailureMessage({ error: 'no 720p format', url: URL, workflowId: WID })).toBe(
        `❌ **Pipeline processing failed**\n**Error:** no 720p format\n**URL:** ${URL}\n**Workflow:** ${WID}`,
      );
    });

    it('a pipeline throw reads "Pipeline execution failed: <e>"', () => {
      expect(pipelineThrowMessage({ error: 'boom', workflowId: WID })).toBe(
        `❌ **Pipeline execution failed:** boom\n**Workflow:** ${WID}`,
      );
    });

    it('an escaped throw names the error, the workflow id and the probe summary', () => {
      const health = { capabilities: ['content_pipeline'], issues: ['a', 'b'], healthy: false };
      expect(workflowFailureMessage({ error: 'bug', workflowId: WID, health })).toBe(
        `❌ **Enhanced autonomous intelligence failed**\n**Error:** bug\n**Workflow:** ${WID}\n**System healthy:** no\n**Capabilities:** 1\n**Issues:** 2`,
      );
    });
  });

  describe(unavailableMessage.name, () => {
    it('E6: lists five issues, counts the rest and shows None without capabilities', () => {
      const issues = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7'];
      expect(unavailableMessage({ capabilities: [], issues, healthy: false })).toBe(
        '❌ **Enhanced autonomous intelligence unavailable**\n\n**Issues:**\n- i1\n- i2\n- i3\n- i4\n- i5\n- … and 2 more\n\n**Capabilities:** None',
      );
    });

    it('E6: lists exactly five issues without a count, and the capabilities when there are some', () => {
      const sut = unavailableMessage({
        capabilities: ['crewai_agents'],
        issues: ['i1', 'i2', 'i3', 'i4', 'i5'],
        healthy: false,
      });
      expect(sut).toBe(
        '❌ **Enhanced autonomous intelligence unavailable**\n\n**Issues:**\n- i1\n- i2\n- i3\n- i4\n- i5\n\n**Capabilities:** crewai_agents',
      );
    });
  });
});
