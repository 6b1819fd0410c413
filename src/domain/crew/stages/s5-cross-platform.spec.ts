import { fail, ok, skip } from '../../../core/result/step-result';
import { crossPlatformStage, searchTerms } from './s5-cross-platform';
import type { StageResult, StageRun } from './stage.types';
import type { SocialMonitorPort } from '../ports/social-monitor.port';

const RUN: StageRun = {
  workflowId: 'wf-1',
  url: 'https://youtu.be/abc',
  depth: 'deep',
  tenantId: 'acme',
  workspaceId: 'main',
};

const s1 = (title: string | null): StageResult =>
  ok({ source_url: RUN.url, download: { url: RUN.url, title, platform: 'youtube' } });
const s3 = (...terms: string[]): StageResult => ok({ keywords: terms.map((term, i) => ({ term, score: 1 - i / 10 })) });
const S1_FAILED = fail('unavailable', 'download failed');

describe('searchTerms', () => {
  it('returns the title then the first three keyword terms', () => {
    expect(searchTerms(s1('Moon landing explained'), s3('apollo', 'moon', 'nasa', 'rocket'))).toEqual([
      'Moon landing explained',
      'apollo',
      'moon',
      'nasa',
    ]);
  });

  it('drops empty terms and duplicates (case-insensitively, the first spelling wins), and trims', () => {
    expect(searchTerms(s1('  Apollo '), s3('apollo', '', 'nasa'))).toEqual(['Apollo', 'nasa']);
  });

  it('uses keywords alone when S1 has no title or failed, the title alone when S3 failed', () => {
    expect(searchTerms(s1(null), s3('apollo'))).toEqual(['apollo']);
    expect(searchTerms(S1_FAILED, s3('apollo'))).toEqual(['apollo']);
    expect(searchTerms(s1('Moon'), skip('no_transcript'))).toEqual(['Moon']);
  });
});

describe(crossPlatformStage.name, () => {
  it('is skipped with no_search_terms when there is neither a title nor a keyword', async () => {
    const monitor = jest.fn();
    expect(await crossPlatformStage({ social: { monitor } }, RUN, s1(null), s3())).toEqual(skip('no_search_terms'));
    expect(monitor).not.toHaveBeenCalled();
  });

  it('is skipped with social_connectors_not_configured when no monitor is wired', async () => {
    expect(await crossPlatformStage({}, RUN, s1('Moon'), s3('apollo'))).toEqual(
      skip('social_connectors_not_configured'),
    );
  });

  it('asks the monitor about the terms for the run’s tenant and returns its intelligence with the terms', async () => {
    const signal = new AbortController().signal;
    const social: SocialMonitorPort = { monitor: jest.fn(async () => ({ reddit: [{ title: 'Moon thread' }], x: [] })) };
    const result = await crossPlatformStage({ social }, { ...RUN, signal }, s1('Moon'), s3('apollo', 'nasa'));
    expect(result).toEqual(
      ok({
        social_media_intelligence: { reddit: [{ title: 'Moon thread' }], x: [] },
        search_terms: ['Moon', 'apollo', 'nasa'],
      }),
    );
    expect(social.monitor).toHaveBeenCalledWith(['Moon', 'apollo', 'nasa'], { tenantId: 'acme', signal });
  });

  it('fails as unavailable, keeping the terms, when the monitor throws', async () => {
    const social: SocialMonitorPort = {
      monitor: jest.fn(async () => Promise.reject(new Error('rate limited by reddit'))),
    };
    expect(await crossPlatformStage({ social }, RUN, s1('Moon'), s3())).toEqual(
      fail('unavailable', 'social monitor failed: rate limited by reddit', { data: { search_terms: ['Moon'] } }),
    );
  });
});
