import { ROUTES, routeRequest } from './semantic-router';

const on = { enabled: true };

describe(routeRequest.name, () => {
  it('is off by default', () => {
    expect(routeRequest('https://www.youtube.com/watch?v=abc')).toBeNull();
  });

  it('has the five routes with four example utterances each', () => {
    expect(Object.keys(ROUTES)).toEqual([
      'social_media_monitoring',
      'content_acquisition',
      'transcription',
      'analysis',
      'verification',
    ]);
    expect(Object.values(ROUTES).map((u) => u.length)).toEqual([4, 4, 4, 4, 4]);
  });

  it('routes by the most shared words', () => {
    expect(routeRequest('https://www.youtube.com/watch?v=abc', on)).toEqual({
      route: 'content_acquisition',
      score: 1,
      matched: ['youtube'],
    });
    expect(routeRequest('Please fact check these claims', on)).toEqual({
      route: 'verification',
      score: 4,
      matched: ['check', 'claims', 'fact', 'these'],
    });
    expect(routeRequest('transcribe this podcast audio', on)?.route).toBe('transcription');
    expect(routeRequest('https://twitter.com/someone/status/1', on)?.route).toBe('social_media_monitoring');
  });

  it('breaks ties by route order', () => {
    // "video" occurs in both content_acquisition and verification utterances.
    expect(routeRequest('video', on)?.route).toBe('content_acquisition');
  });

  it('returns null below the minimum overlap', () => {
    expect(routeRequest('xyzzy plugh', on)).toBeNull();
    expect(routeRequest('https://www.youtube.com/watch?v=abc', { enabled: true, minOverlap: 2 })).toBeNull();
  });
});
