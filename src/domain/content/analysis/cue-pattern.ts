/**
 * One case-insensitive expression matching any of the cues. A space in a cue matches any run of whitespace, as
 * transcripts break lines mid-sentence; so no cue may put a space inside a character class or before a quantifier.
 */
export function anyOf(...cues: RegExp[]): RegExp {
  return new RegExp(cues.map((cue) => `(?:${cue.source.replace(/ /g, '\\s+')})`).join('|'), 'i');
}
