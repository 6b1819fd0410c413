import { detectPlatform } from './platform';

describe(detectPlatform.name, () => {
  it.each([
    ['https://www.youtube.com/watch?v=abc', 'youtube'],
    ['https://youtu.be/abc', 'youtube'],
    ['https://m.youtube.com/watch?v=abc', 'youtube'],
    ['https://www.twitch.tv/videos/1', 'twitch'],
    ['https://www.tiktok.com/@a/video/1', 'tiktok'],
    ['https://x.com/a/status/1', 'x'],
    ['https://twitter.com/a/status/1', 'x'],
    ['https://old.reddit.com/r/a', 'reddit'],
    ['https://notyoutube.com/watch', 'web'],
    ['https://example.org/article', 'web'],
    ['file:///tmp/a.txt', 'file'],
  ])('%s is %s', (url, platform) => {
    expect(detectPlatform(new URL(url))).toBe(platform);
  });
});
