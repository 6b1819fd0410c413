import { CliProgressBar } from './cli-progress';

/** A non-TTY stream that keeps what is written. */
function fakeStream(): NodeJS.WritableStream & { output: () => string; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = {
    isTTY: false,
    write(chunk: string | Uint8Array) {
      chunks.push(String(chunk));
      return true;
    },
    output: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== ''),
  };
  return stream as unknown as NodeJS.WritableStream & typeof stream;
}

describe(CliProgressBar.name, () => {
  describe('post', () => {
    it('draws each step as a line and ends with the complete bar', async () => {
      const stream = fakeStream();
      const sut = new CliProgressBar({ stream });
      await sut.post('Downloading', { step: { current: 1, total: 5 } });
      await sut.edit('Transcribing\n`██████░░░░` 3/5', { step: { current: 3, total: 5 } }); // progressText's second line is dropped
      await sut.edit('Done', { step: { current: 5, total: 5 } });
      expect(stream.lines()).toEqual([
        'Downloading ██░░░░░░░░ 1/5',
        'Transcribing ██████░░░░ 3/5',
        'Done ██████████ 5/5',
      ]);
      expect(stream.lines().at(-1)).toBe('Done ██████████ 5/5');
      expect(stream.output().endsWith('\n')).toBe(true);
    });

    it('writes text without a step as a line of its own', async () => {
      const stream = fakeStream();
      const sut = new CliProgressBar({ stream });
      await sut.post('Fetching https://example.org', { ephemeral: true });
      await sut.edit('Fetched');
      expect(stream.output()).toBe('Fetching https://example.org\nFetched\n');
      expect(sut.isOpen()).toBe(true);
    });

    it('prints text lines between the steps of a running bar', async () => {
      const stream = fakeStream();
      const sut = new CliProgressBar({ stream });
      await sut.post('Steps', { step: { current: 1, total: 2 } });
      await sut.post('a note');
      await sut.edit('Steps', { step: { current: 2, total: 2 } });
      expect(stream.lines()).toEqual(['Steps █████░░░░░ 1/2', 'a note', 'Steps ██████████ 2/2']);
    });

    it('draws a step that is already complete once, without starting a bar', async () => {
      const stream = fakeStream();
      const sut = new CliProgressBar({ stream });
      await sut.post('Only step', { step: { current: 1, total: 1 } });
      expect(stream.output()).toBe('Only step ██████████ 1/1\n');
    });

    it('starts a new bar after the previous one completed', async () => {
      const stream = fakeStream();
      const sut = new CliProgressBar({ stream });
      await sut.post('First', { step: { current: 1, total: 2 } });
      await sut.post('First', { step: { current: 2, total: 2 } });
      await sut.post('Second', { step: { current: 1, total: 4 } });
      await sut.post('Second', { step: { current: 4, total: 4 } });
      expect(stream.lines()).toEqual([
        'First █████░░░░░ 1/2',
        'First ██████████ 2/2',
        'Second ██░░░░░░░░ 1/4',
        'Second ██████████ 4/4',
      ]);
    });
  });

  describe('stop', () => {
    it('ends an unfinished bar with a last redraw and is a no-op afterwards', async () => {
      const stream = fakeStream();
      const sut = new CliProgressBar({ stream });
      await sut.post('Half', { step: { current: 2, total: 4 } });
      sut.stop();
      sut.stop();
      expect(stream.output()).toBe('Half █████░░░░░ 2/4\nHalf █████░░░░░ 2/4\n\n');
    });
  });
});
