import { parseTaskOutput } from './parse-task-output';
import { SharedTaskContext } from './shared-task-context';

const ACQUISITION = '```json\n{"file_path": "/data/media/abc123.mp4", "title": "Council vote"}\n```';
const TRANSCRIPTION = '```json\n{"transcript": "We voted five to two.", "quality_score": 0.8}\n```';

describe(SharedTaskContext.name, () => {
  let sut: SharedTaskContext;

  beforeEach(() => {
    sut = new SharedTaskContext();
  });

  describe('get', () => {
    it('returns the stored output, or undefined before the task completes', () => {
      const acquisition = parseTaskOutput('acquisition', ACQUISITION);
      sut.put('acquisition', acquisition);
      expect([sut.get('acquisition'), sut.get('transcription')]).toEqual([acquisition, undefined]);
    });
  });

  describe('put', () => {
    it('replaces the output of a retried task', () => {
      sut.put('transcription', parseTaskOutput('transcription', 'Your transcribed text goes here'));
      sut.put('transcription', parseTaskOutput('transcription', TRANSCRIPTION));
      expect(sut.inputsFor(['transcription']).transcription.transcript).toBe('We voted five to two.');
    });
  });

  describe('inputsFor', () => {
    it('gives a later task the parsed outputs of its context tasks, keyed by task id', () => {
      sut.put('acquisition', parseTaskOutput('acquisition', ACQUISITION));
      sut.put('transcription', parseTaskOutput('transcription', TRANSCRIPTION));
      expect(sut.inputsFor(['transcription', 'acquisition', 'analysis'])).toEqual({
        transcription: {
          transcript: 'We voted five to two.',
          quality_score: 0.8,
          timeline_anchors: [],
          transcript_length: 0,
        },
        acquisition: {
          file_path: '/data/media/abc123.mp4',
          title: 'Council vote',
          description: '',
          author: '',
          duration: null,
          platform: 'unknown',
        },
      });
    });

    it('returns copies, so a consumer cannot change what other tasks see', () => {
      sut.put('acquisition', parseTaskOutput('acquisition', ACQUISITION));
      sut.inputsFor(['acquisition']).acquisition.title = 'changed';
      expect(sut.inputsFor(['acquisition']).acquisition.title).toBe('Council vote');
    });

    it('keeps runs apart: one context does not see another run’s outputs', () => {
      const other = new SharedTaskContext();
      other.put('acquisition', parseTaskOutput('acquisition', ACQUISITION));
      expect(sut.inputsFor(['acquisition'])).toEqual({});
    });
  });
});
