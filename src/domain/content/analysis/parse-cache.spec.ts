import { cachedParse, PARSES_KEPT } from './parse-cache';

describe(cachedParse.name, () => {
  it('parses a text once while it is among the last eight, and again after it was evicted', () => {
    const first = cachedParse('Prices rose 4%. Wages did not.');
    expect(first.sentences.map((s) => s.start)).toEqual([0, 16]);
    expect(cachedParse('Prices rose 4%. Wages did not.')).toBe(first);
    for (let i = 0; i < PARSES_KEPT; i++) cachedParse(`Filler sentence number ${i}.`);
    const again = cachedParse('Prices rose 4%. Wages did not.');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
