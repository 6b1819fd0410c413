import { qualityBreakdown, qualityKindOf, responseQuality } from './response-quality';

const THOROUGH = [
  'According to the study cited in the transcript, the speaker stated three claims.',
  '',
  '- The data shows a rise in prices because supply fell.',
  '- Therefore the evidence supports the first claim; however, the second has no source.',
  '',
  'We recommend you verify the second claim.',
].join('\n');

describe(responseQuality.name, () => {
  it('scores 1 when every check of every part passes', () => {
    expect(THOROUGH.length).toBeGreaterThanOrEqual(100);
    expect(THOROUGH.length).toBeLessThanOrEqual(500);
    expect(qualityBreakdown(THOROUGH, 'summary')).toEqual({ content: 1, accuracy: 1, reasoning: 1, ux: 1, total: 1 });
  });

  it('scores a short, hedged, slangy reply with two absolutes and an error phrase 0.03', () => {
    const text = "idk, maybe it's always true lol. Error: never mind.";
    expect(qualityBreakdown(text, 'analysis')).toEqual({ content: 0, accuracy: 0.1, reasoning: 0, ux: 0, total: 0.03 });
  });

  it('gives 0.2 for a reply longer than the window, 0.3 inside it and 0 below it', () => {
    const filler = (n: number) => 'lorem '.repeat(n);
    expect(responseQuality(filler(150), 'fact_check')).toBe(0.29); // 900 characters > 800
    expect(responseQuality(filler(100), 'fact_check')).toBe(0.33); // 600: inside 150–800
    expect(responseQuality(filler(16), 'fact_check')).toBe(0.21); // 96: below 150
  });

  it('scores one connector 0.2 and three absolutes 0 (0.37 in all)', () => {
    const text = 'Everyone always says this because nobody checks it.';
    expect(qualityBreakdown(text, 'anything')).toEqual({
      content: 0.5,
      accuracy: 0.3,
      reasoning: 0.2,
      ux: 0.4,
      total: 0.37,
    });
  });

  it('matches whole words only', () => {
    // "sourced" is not "source", "alwaysish" not "always", "lollipop" not "lol".
    const text = 'The sourced alwaysish lollipop.';
    expect(qualityBreakdown(text, 'anything')).toEqual(qualityBreakdown('The plain plain plain text.', 'anything'));
  });

  it('scores an empty or blank reply 0', () => {
    expect(responseQuality('', 'summary')).toBe(0);
    expect(responseQuality(' \n ', 'summary')).toBe(0);
  });
});

describe(qualityKindOf.name, () => {
  it('maps crew task ids to their length window', () => {
    expect(
      ['integration', 'analysis', 'analysis.text', 'analysis.fact', 'acquisition'].map((id) => qualityKindOf(id)),
    ).toEqual(['summary', 'analysis', 'analysis', 'fact_check', 'acquisition']);
  });
});
