import { EMPTY_OUTPUT_ERROR, parseTaskOutput, schemaForTask, UNSTRUCTURED_OUTPUT_ERROR } from './parse-task-output';

const fenced = (json: string): string => `Task complete.\n\n\`\`\`json\n${json}\n\`\`\`\n`;

describe(schemaForTask.name, () => {
  it('decides the schema from the task id alone', () => {
    const ids = [
      'acquisition',
      'transcription',
      'analysis',
      'analysis.text',
      'analysis.social',
      'verification',
      'integration',
    ];
    expect(ids.map((id) => schemaForTask(id)?.name)).toEqual([
      'acquisition',
      'transcription',
      'analysis',
      'analysis',
      'analysis',
      'verification',
      'integration',
    ]);
  });

  it('has no schema for unknown ids, aliases or near misses', () => {
    const ids = ['summary', 'capture', 'Analysis', 'analysisx', ''];
    expect(ids.map(schemaForTask)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe(parseTaskOutput.name, () => {
  it('A10: fenced JSON with a trailing comma parses', () => {
    const raw = fenced(
      '{"executive_summary": "The claims hold up.", "key_takeaways": ["cost doubled", "vote was 5-2"],}',
    );
    expect(parseTaskOutput('integration', raw)).toEqual({
      taskId: 'integration',
      raw,
      parsed: {
        executive_summary: 'The claims hold up.',
        key_takeaways: ['cost doubled', 'vote was 5-2'],
        recommendations: [],
        confidence_score: 0.5,
      },
      schemaValid: true,
      schemaErrors: [],
      repaired: ['trailing_commas'],
      placeholderFlags: [],
      structured: true,
    });
  });

  it('A10: single-quoted keys parse', () => {
    const raw = fenced(
      "{'file_path': '/data/media/abc123.mp4', 'title': 'Council vote', 'platform': 'youtube', 'duration': 212}",
    );
    expect(parseTaskOutput('acquisition', raw)).toEqual({
      taskId: 'acquisition',
      raw,
      parsed: {
        file_path: '/data/media/abc123.mp4',
        title: 'Council vote',
        description: '',
        author: '',
        duration: 212,
        platform: 'youtube',
      },
      schemaValid: true,
      schemaErrors: [],
      repaired: ['single_quotes'],
      placeholderFlags: [],
      structured: true,
    });
  });

  it('A10: non-JSON text yields key/values including a file_path ending .mp4', () => {
    const raw =
      'I downloaded the video successfully.\nTitle: Council vote on the bridge\nAuthor: City News\n' +
      'It is stored at /data/media/abc123.mp4 and came from https://www.youtube.com/watch?v=abc123.';
    expect(parseTaskOutput('acquisition', raw)).toEqual({
      taskId: 'acquisition',
      raw,
      parsed: {
        title: 'Council vote on the bridge',
        author: 'City News',
        file_path: '/data/media/abc123.mp4',
        url: 'https://www.youtube.com/watch?v=abc123',
        description: '',
        duration: null,
        platform: 'unknown',
      },
      schemaValid: true,
      schemaErrors: [],
      repaired: ['key_value_scrape'],
      placeholderFlags: [],
      structured: true,
    });
  });

  it("A10: 'Your transcribed text goes here' gives short_transcript and placeholder_pattern", () => {
    const raw = fenced('{"transcript": "Your transcribed text goes here", "quality_score": 0.9}');
    expect(parseTaskOutput('transcription', raw)).toEqual({
      taskId: 'transcription',
      raw,
      parsed: {
        transcript: 'Your transcribed text goes here',
        timeline_anchors: [],
        transcript_length: 0,
        quality_score: 0.9,
      },
      schemaValid: true,
      schemaErrors: [],
      repaired: [],
      placeholderFlags: ['short_transcript', 'placeholder_pattern'],
      structured: true,
    });
  });

  it('keeps the raw JSON and names the failing keys when validation fails', () => {
    const raw = fenced('{"title": "No file", "duration": "long"}');
    expect(parseTaskOutput('acquisition', raw)).toEqual({
      taskId: 'acquisition',
      raw,
      parsed: { title: 'No file', duration: 'long' },
      schemaValid: false,
      schemaErrors: ['file_path: is required', 'duration: must be a number'],
      repaired: [],
      placeholderFlags: [],
      structured: true,
    });
  });

  it('still flags placeholders when validation fails', () => {
    const raw = fenced('{"transcript": "Sample text", "quality_score": 7}');
    const output = parseTaskOutput('transcription', raw);
    expect([output.schemaErrors, output.placeholderFlags]).toEqual([
      ['quality_score: must be between 0 and 1 (got 7)'],
      ['short_transcript', 'placeholder_pattern'],
    ]);
  });

  it('validates every analysis.* task against the analysis schema', () => {
    const output = parseTaskOutput('analysis.bias', fenced('{"themes": ["<insert theme>"], "trustworthiness": 40}'));
    expect([output.parsed, output.placeholderFlags]).toEqual([
      { themes: ['<insert theme>'], trustworthiness: 40, insights: [], fallacies: [], perspectives: [] },
      ['placeholder_themes'],
    ]);
  });

  it('flags empty_verification for a verification without claims or results', () => {
    const output = parseTaskOutput('verification', fenced('{"trustworthiness_score": 80}'));
    expect(output.placeholderFlags).toEqual(['empty_verification']);
  });

  it('keeps { raw_text } and reports no structured data when the text has neither JSON nor key/values', () => {
    const raw = 'I was unable to analyse the content.';
    expect(parseTaskOutput('analysis', raw)).toEqual({
      taskId: 'analysis',
      raw,
      parsed: { raw_text: raw },
      schemaValid: false,
      schemaErrors: [UNSTRUCTURED_OUTPUT_ERROR],
      repaired: [],
      placeholderFlags: [],
      structured: false,
    });
  });

  it('returns {} with the empty_output flag for blank text', () => {
    expect(parseTaskOutput('transcription', ' \n ')).toEqual({
      taskId: 'transcription',
      raw: ' \n ',
      parsed: {},
      schemaValid: false,
      schemaErrors: [EMPTY_OUTPUT_ERROR],
      repaired: [],
      placeholderFlags: ['empty_output'],
      structured: false,
    });
  });

  it('parses unknown task ids without a schema', () => {
    const outputs = [
      parseTaskOutput('report', fenced('{"summary": "TODO: write"}')),
      parseTaskOutput('report', 'nothing structured'),
      parseTaskOutput('report', ''),
    ];
    const summaries = outputs.map((o) => [o.parsed, o.schemaValid, o.schemaErrors, o.placeholderFlags]);
    expect(summaries).toEqual([
      [{ summary: 'TODO: write' }, true, [], []],
      [{ raw_text: 'nothing structured' }, true, [], []],
      [{}, true, [], ['empty_output']],
    ]);
  });

  it('converts scraped numeric strings through the schema', () => {
    const raw = 'transcript: ' + 'word '.repeat(30) + '\nquality_score: 0.75';
    expect(parseTaskOutput('transcription', raw).parsed).toEqual({
      transcript: 'word '.repeat(30).trim(),
      quality_score: 0.75,
      timeline_anchors: [],
      transcript_length: 0,
    });
  });
});
