import { NullProgress, progressBar, progressText, type ProgressPort } from './progress.port';

describe(progressText.name, () => {
  it('puts the bar in backticks under the message, with current/total', () => {
    expect(progressText('Transcribing', 1, 5)).toBe('Transcribing\n`██░░░░░░░░` 1/5');
  });

  it.each([
    [0, 5, '░░░░░░░░░░'],
    [1, 3, '███░░░░░░░'],
    [2, 3, '██████░░░░'],
    [3, 3, '██████████'],
    [7, 10, '███████░░░'],
    [9, 10, '█████████░'],
  ])('fills floor(current·10/total) cells for %i/%i', (current, total, bar) => {
    expect(progressBar(current, total)).toBe(bar);
  });

  it('clamps values outside 0..total and treats a total of 0 as empty', () => {
    expect(progressBar(8, 5)).toBe('██████████');
    expect(progressBar(-1, 5)).toBe('░░░░░░░░░░');
    expect(progressBar(3, 0)).toBe('░░░░░░░░░░');
  });
});

describe(NullProgress.name, () => {
  it('accepts every call and stays open', async () => {
    const sut: ProgressPort = new NullProgress();
    await expect(sut.post('a', { ephemeral: true })).resolves.toBeUndefined();
    await expect(sut.edit('b', { step: { current: 1, total: 2 } })).resolves.toBeUndefined();
    expect(sut.isOpen()).toBe(true);
  });
});
