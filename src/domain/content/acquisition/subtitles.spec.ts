import {
  anchorsToTranscript,
  detectSubtitleFormat,
  isSubtitleParseError,
  mergeRollingAnchors,
  parseSubtitles,
  SubtitleParseError,
} from './subtitles';

const VTT = [
  'WEBVTT - a lighthouse log',
  'Kind: captions',
  'Language: en',
  '',
  'STYLE',
  '::cue { color: yellow; }',
  '',
  'NOTE written for these tests',
  'spanning two lines',
  '',
  'intro',
  '00:00:01.500 --> 00:00:04.000 align:start position:10%',
  '<v Keeper>The lamp is <i>lit</i> at dusk &amp; dawn.',
  '',
  '00:04.000 --> 00:06.250',
  'Ships keep &lt;clear&gt; of&nbsp;the rocks.',
  'Two lines here.',
  '',
  '1:02:03.007 --> 1:02:04.000',
  '<c.colorE5E5E5>Late</c> entry',
  '',
].join('\n');

const SRT = [
  '1',
  '00:00:00,000 --> 00:00:02,400',
  '{\\an8}<font color="#ffff00">Fog rolls in</font>',
  '',
  '2',
  '00:00:02,400 --> 00:00:05,100  X1:10 X2:20',
  'over the <b>harbour</b>.',
  '',
].join('\r\n');

// Shaped like YouTube's automatic captions: each cue repeats the previous line, bridging cues last 10 ms, and a
// line of one space keeps a cue from ending.
const ROLLING = [
  'WEBVTT',
  'Kind: captions',
  'Language: en',
  '',
  '00:00:00.000 --> 00:00:02.350 align:start position:0%',
  ' ',
  'gulls<00:00:00.480><c> circle</c><00:00:00.960><c> the</c><00:00:01.200><c> pier</c>',
  '',
  '00:00:02.350 --> 00:00:02.360 align:start position:0%',
  'gulls circle the pier',
  ' ',
  '',
  '00:00:02.360 --> 00:00:04.500 align:start position:0%',
  'gulls circle the pier',
  'waiting<00:00:02.880><c> for</c><00:00:03.200><c> boats</c>',
  '',
  '00:00:04.500 --> 00:00:04.510 align:start position:0%',
  'waiting for boats',
  ' ',
  '',
  '00:00:04.510 --> 00:00:06.000 align:start position:0%',
  'waiting for boats',
  'to come home',
  '',
].join('\n');

describe('subtitles', () => {
  describe(detectSubtitleFormat.name, () => {
    it('recognises WebVTT by its header and SRT by comma timings', () => {
      expect(detectSubtitleFormat('\uFEFFWEBVTT\n\n00:01.000 --> 00:02.000\nhi')).toBe('vtt');
      expect(detectSubtitleFormat(SRT)).toBe('srt');
      expect(detectSubtitleFormat('00:00:01.000 --> 00:00:02.000\nno header')).toBeNull();
      expect(detectSubtitleFormat('just prose')).toBeNull();
    });
  });

  describe(parseSubtitles.name, () => {
    it('reads WebVTT cues, skipping header, STYLE and NOTE blocks, identifiers, settings and tags', () => {
      expect(parseSubtitles(VTT)).toEqual([
        { start: 1.5, end: 4, text: 'The lamp is lit at dusk & dawn.' },
        { start: 4, end: 6.25, text: 'Ships keep <clear> of the rocks.\nTwo lines here.' },
        { start: 3723.007, end: 3724, text: 'Late entry' },
      ]);
    });

    it('reads SRT with CRLF line ends, indexes, coordinates and formatting tags', () => {
      expect(parseSubtitles(SRT)).toEqual([
        { start: 0, end: 2.4, text: 'Fog rolls in' },
        { start: 2.4, end: 5.1, text: 'over the harbour.' },
      ]);
    });

    it('keeps a cue going across a line of one space and drops inline timestamps', () => {
      expect(parseSubtitles(ROLLING).slice(0, 3)).toEqual([
        { start: 0, end: 2.35, text: 'gulls circle the pier' },
        { start: 2.35, end: 2.36, text: 'gulls circle the pier' },
        { start: 2.36, end: 4.5, text: 'gulls circle the pier\nwaiting for boats' },
      ]);
    });

    it('names the line of a malformed timestamp', () => {
      const text = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:02.000 --> 00:0x:03.000\nbroken\n';
      let caught: unknown;
      try {
        parseSubtitles(text);
      } catch (error) {
        caught = error;
      }
      expect(isSubtitleParseError(caught)).toBe(true);
      expect((caught as SubtitleParseError).line).toBe(6);
      expect((caught as SubtitleParseError).message).toBe(
        'line 6: malformed timestamp "00:0x:03.000" (expected hh:mm:ss.mmm or hh:mm:ss,mmm)',
      );
    });

    it('refuses minutes or seconds past 59', () => {
      expect(() => parseSubtitles('1\n00:00:61,000 --> 00:01:02,000\nx\n', 'srt')).toThrow(
        'line 2: malformed timestamp "00:00:61,000" (expected hh:mm:ss.mmm or hh:mm:ss,mmm)',
      );
    });

    it('refuses text that is neither format', () => {
      expect(() => parseSubtitles('hello')).toThrow(
        'not WebVTT (no WEBVTT header) or SRT (no "hh:mm:ss,mmm -->" timing)',
      );
    });
  });

  describe(mergeRollingAnchors.name, () => {
    it('keeps only the new line of each rolling cue and lets bridging cues extend the previous one', () => {
      expect(mergeRollingAnchors(parseSubtitles(ROLLING))).toEqual([
        { start: 0, end: 2.36, text: 'gulls circle the pier' },
        { start: 2.36, end: 4.51, text: 'waiting for boats' },
        { start: 4.51, end: 6, text: 'to come home' },
      ]);
    });
  });

  describe(anchorsToTranscript.name, () => {
    it('does not repeat rolling caption lines', () => {
      expect(anchorsToTranscript(parseSubtitles(ROLLING))).toBe('gulls circle the pier waiting for boats to come home');
    });

    it('joins authored cues and their lines with single spaces', () => {
      expect(anchorsToTranscript(parseSubtitles(VTT))).toBe(
        'The lamp is lit at dusk & dawn. Ships keep <clear> of the rocks. Two lines here. Late entry',
      );
    });
  });
});
