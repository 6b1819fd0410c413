import {
  excerpt,
  pipelineFailureMessage,
  pipelineThrowMessage,
  progressLine,
  unavailableMessage,
  workflowFailureMessage,
} from './enhanced-report';

const URL = 'https://www.youtube.com/watch?v=abc123';
const WID = 'enhanced_autointel_1795521600_511';

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
