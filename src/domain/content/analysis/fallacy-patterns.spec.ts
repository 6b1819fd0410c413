import { FALLACY_TYPES, type FallacyType } from './analysis.types';
import { FALLACY_PATTERNS } from './fallacy-patterns';

/** Two sentences per fallacy, each with the cue it must match exactly. */
const EXAMPLES: readonly (readonly [FallacyType, string, string])[] = [
  ['ad_hominem', "You're just a liar, so nobody should care about your budget figures.", "You're just a liar"],
  ['ad_hominem', 'What would a teenager know about running a business?', 'What would a teenager know about'],
  ['straw_man', 'So you are saying we should let every criminal walk free.', 'So you are saying'],
  ['straw_man', 'My opponent wants to abolish every police department in the state.', 'My opponent wants to abolish'],
  [
    'slippery_slope',
    'Allow one food truck on the square and before you know it the market is gone.',
    'before you know it',
  ],
  ['slippery_slope', 'Raising the fee will inevitably lead to empty classrooms.', 'will inevitably lead to'],
  [
    'false_dilemma',
    "Either you're with us or you're against us on this vote.",
    "Either you're with us or you're against us",
  ],
  ['false_dilemma', 'There are only two options: cut the programme or raise taxes.', 'There are only two options'],
  ['appeal_to_authority', "Trust me, I'm a doctor, and this diet works.", "Trust me, I'm a doctor"],
  ['appeal_to_authority', 'A famous actor says the supplement cures fatigue.', 'A famous actor says'],
  ['appeal_to_popularity', 'Everyone knows that the new phone is worth the price.', 'Everyone knows'],
  [
    'appeal_to_popularity',
    "Millions of customers can't be wrong about this brand.",
    "Millions of customers can't be wrong",
  ],
  [
    'hasty_generalization',
    'I met one rude waiter in Lisbon, so everyone there is unfriendly.',
    'I met one rude waiter in Lisbon, so everyone',
  ],
  [
    'hasty_generalization',
    "My uncle smoked daily and lived to ninety, so it can't be harmful.",
    "My uncle smoked daily and lived to ninety, so it can't",
  ],
  ['appeal_to_emotion', 'Think of the children before you vote for this road.', 'Think of the children'],
  ['appeal_to_emotion', 'If this bill passes, your family could be next.', 'your family could be next'],
  ['circular_reasoning', 'The report is reliable because the report says so.', 'reliable because the report says so'],
  ['circular_reasoning', 'The plan is good because it is good.', 'is good because it is good'],
  ['red_herring', 'The budget is late, but what about the potholes downtown?', 'but what about the'],
  ['red_herring', "The real issue here is whether the mayor's critics pay their taxes.", 'The real issue here is'],
  ['tu_quoque', "You tell me to exercise, but look who's talking.", "look who's talking"],
  ['tu_quoque', 'You’re one to lecture me about wasting paper.', 'You’re one to lecture'],
  [
    'appeal_to_tradition',
    "We've always done it this way, so there is no reason to change.",
    "We've always done it this way",
  ],
  ['appeal_to_tradition', "That's how it's always been in this village.", "That's how it's always been"],
  ['post_hoc', 'Ever since we installed the new sign, sales have dropped.', 'Ever since we installed'],
  [
    'post_hoc',
    'Right after the new coach arrived the team won twice, so he is a genius.',
    'Right after the new coach arrived the team won twice, so',
  ],
  ['appeal_to_nature', 'The remedy is natural, so it must be safe.', 'natural, so it must be safe'],
  ['appeal_to_nature', "Herbal tea is harmless because it's all natural.", "harmless because it's all natural"],
  ['loaded_question', 'Have you stopped cheating on your exams?', 'Have you stopped cheating'],
  ['loaded_question', 'Why do you always lie to the committee?', 'Why do you always lie'],
  ['no_true_scotsman', 'No true Scotsman puts sugar on his porridge.', 'No true Scotsman puts'],
  ['no_true_scotsman', "If he left before the final whistle, he wasn't a real fan.", "he wasn't a real fan"],
];

describe('FALLACY_PATTERNS', () => {
  it('describes every fallacy type with a distinct label and a one-line explanation', () => {
    expect(Object.keys(FALLACY_PATTERNS).sort()).toEqual([...FALLACY_TYPES].sort());
    const labels = FALLACY_TYPES.map((type) => FALLACY_PATTERNS[type].label);
    expect(new Set(labels).size).toBe(16);
    expect(FALLACY_TYPES.filter((type) => /\n|^$/.test(FALLACY_PATTERNS[type].explanation))).toEqual([]);
  });

  it('matches case-insensitively', () => {
    expect(FALLACY_TYPES.filter((type) => !FALLACY_PATTERNS[type].cue.flags.includes('i'))).toEqual([]);
    expect(FALLACY_PATTERNS.slippery_slope.cue.exec('BEFORE YOU KNOW IT, rents double.')?.[0]).toBe(
      'BEFORE YOU KNOW IT',
    );
  });

  it('has two examples for every type', () => {
    expect(FALLACY_TYPES.map((type) => EXAMPLES.filter(([t]) => t === type).length)).toEqual(new Array(16).fill(2));
  });

  it.each(EXAMPLES)('%s matches its cue in "%s"', (type, sentence, cue) => {
    expect(FALLACY_PATTERNS[type].cue.exec(sentence)?.[0]).toBe(cue);
  });

  it.each(EXAMPLES)('%s is the only type cued in "%s"', (type, sentence) => {
    expect(FALLACY_TYPES.filter((t) => FALLACY_PATTERNS[t].cue.test(sentence))).toEqual([type]);
  });

  it('allows a short gap inside a cue', () => {
    const cue = FALLACY_PATTERNS.false_dilemma.cue;
    expect(cue.exec('Either we cut spending now or we lose the school.')?.[0]).toBe(
      'Either we cut spending now or we lose',
    );
  });

  it('needs whole words', () => {
    expect(FALLACY_PATTERNS.appeal_to_popularity.cue.test('Noneveryone knows.')).toBe(false);
    expect(FALLACY_PATTERNS.tu_quoque.cue.test('The essay is somewhat about you.')).toBe(false);
  });
});
