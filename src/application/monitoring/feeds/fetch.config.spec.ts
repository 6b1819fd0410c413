import { validateSync } from 'class-validator';
import { MonitoringFetchConfig } from './fetch.config';

function problems(changes: Partial<Record<keyof MonitoringFetchConfig, unknown>>): string[] {
  const config = Object.assign(new MonitoringFetchConfig(), changes);
  return validateSync(config).flatMap((error) => Object.values(error.constraints ?? {}));
}

describe(MonitoringFetchConfig.name, () => {
  it('has valid defaults', () => {
    expect({ ...new MonitoringFetchConfig() }).toEqual({
      maxBytes: 5_242_880,
      timeoutMs: 15_000,
      maxRedirects: 4,
      userAgent: 'crew-orchestrator/0.1 (+feed monitoring)',
      youtubeBaseUrl: 'https://www.youtube.com',
      redditBaseUrl: 'https://www.reddit.com',
      backoffBaseMs: 30_000,
      backoffMaxMs: 3_600_000,
    });
    expect(problems({})).toEqual([]);
  });

  it('names the field in each error', () => {
    expect(
      problems({
        maxBytes: 10,
        timeoutMs: 150.5,
        maxRedirects: 11,
        userAgent: '',
        youtubeBaseUrl: 'ftp://yt.example',
        redditBaseUrl: 'https://r.example/?q=1',
        backoffBaseMs: 50,
        backoffMaxMs: 100_000_000,
      }),
    ).toEqual([
      'maxBytes must be at least 1024',
      'timeoutMs must be an integer',
      'maxRedirects must be at most 10',
      'userAgent must not be empty',
      'youtubeBaseUrl must be an http(s) URL without query or fragment',
      'redditBaseUrl must be an http(s) URL without query or fragment',
      'backoffBaseMs must be at least 100',
      'backoffMaxMs must be at most 86400000 (24 h)',
    ]);
  });
});
