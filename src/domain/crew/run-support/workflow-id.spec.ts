import { ManualClock } from '../../../core/runtime/clock';
import { fnv1a32, workflowId } from './workflow-id';

const URL = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';

describe('workflowId', () => {
  it('A18: is stable for the same url and time, and differs for another url', () => {
    const clock = new ManualClock(1_700_000_000_500);
    const first = workflowId(URL, clock.now());
    const again = workflowId(URL, clock.now());
    // fnv1a32(URL) = 0xfda1818f = 4255220111 → mod 10000 = 111
    expect(first).toBe('autointel_1700000000_111');
    expect(again).toBe(first);
    expect(workflowId('https://www.youtube.com/watch?v=dQw4w9WgXcR', clock.now())).toBe('autointel_1700000000_7730');
  });

  it('uses whole epoch seconds, floored', () => {
    expect(workflowId(URL, 1_700_000_000_999)).toBe('autointel_1700000000_111');
    expect(workflowId(URL, 1_700_000_001_000)).toBe('autointel_1700000001_111');
    expect(workflowId(URL, 0)).toBe('autointel_0_111');
  });

  it('hashes the UTF-8 bytes of a non-ASCII url', () => {
    expect(workflowId('https://example.com/é', 5_000)).toBe('autointel_5_5140');
  });

  it('throws a RangeError for a time that is not finite', () => {
    expect(() => workflowId(URL, Number.NaN)).toThrow(RangeError);
  });
});

describe('fnv1a32', () => {
  it('returns the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});
