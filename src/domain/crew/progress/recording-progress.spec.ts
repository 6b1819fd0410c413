import { RecordingProgress } from './recording-progress';

describe(RecordingProgress.name, () => {
  it('records posts and edits in order with their options', async () => {
    const sut = new RecordingProgress();
    await sut.post('start', { ephemeral: true });
    await sut.edit('half', { step: { current: 1, total: 2 } });
    await sut.edit('done');
    expect(sut.calls).toEqual([
      { kind: 'post', text: 'start', ephemeral: true, step: null },
      { kind: 'edit', text: 'half', ephemeral: false, step: { current: 1, total: 2 } },
      { kind: 'edit', text: 'done', ephemeral: false, step: null },
    ]);
    expect(sut.texts).toEqual(['start', 'half', 'done']);
    expect(sut.isOpen()).toBe(true);
  });

  it('throws on edit when failEdits is set, and still records posts', async () => {
    const sut = new RecordingProgress();
    sut.failEdits = true;
    await sut.post('start');
    await expect(sut.edit('next')).rejects.toThrow('edit failed');
    expect(sut.texts).toEqual(['start']);
  });

  it('reports closed when closed is set', () => {
    const sut = new RecordingProgress();
    sut.closed = true;
    expect(sut.isOpen()).toBe(false);
  });

  it('throws on every call when throwAll is set', async () => {
    const sut = new RecordingProgress();
    sut.throwAll = true;
    await expect(sut.post('a')).rejects.toThrow('post failed');
    await expect(sut.edit('b')).rejects.toThrow('edit failed');
    expect(() => sut.isOpen()).toThrow('isOpen failed');
    expect(sut.calls).toEqual([]);
  });
});
