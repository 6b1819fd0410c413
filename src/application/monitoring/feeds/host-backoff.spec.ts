import { ManualClock } from '../../../core/runtime/clock';
import { HostBackoff, parseRetryAfter } from './host-backoff';

const NOW = Date.parse('2024-05-01T10:00:00Z');

describe(HostBackoff.name, () => {
  it('pauses a host for what Retry-After asked, then lets it go', () => {
    const clock = new ManualClock(NOW);
    const sut = new HostBackoff(clock);
    sut.retryAfter('feeds.example', 120_000);
    expect(sut.pausedUntil('feeds.example')).toEqual({ until: NOW + 120_000, reason: 'rate_limited', failures: 0 });
    expect(sut.pausedUntil('other.example')).toBeUndefined();
    clock.advance(120_000);
    expect(sut.pausedUntil('feeds.example')).toBeUndefined();
  });

  it('doubles the pause per failure in a row up to the cap, and forgets on success', () => {
    const clock = new ManualClock(NOW);
    const sut = new HostBackoff(clock, { baseMs: 30_000, maxMs: 100_000 });
    expect([1, 2, 3, 4].map(() => sut.failure('h', 'http').until - NOW)).toEqual([30_000, 60_000, 100_000, 100_000]);
    sut.success('h');
    expect(sut.pausedUntil('h')).toBeUndefined();
    expect(sut.failure('h', 'unreachable')).toEqual({ until: NOW + 30_000, reason: 'unreachable', failures: 1 });
  });
});

describe(parseRetryAfter.name, () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Wed, 01 May 2024 10:01:30 GMT', 90_000],
    ['Wed, 01 May 2024 09:00:00 GMT', 0],
    ['-5', null],
    ['1.5', null],
    ['soon', null],
    [undefined, null],
  ])('reads %p as %p ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });
});
