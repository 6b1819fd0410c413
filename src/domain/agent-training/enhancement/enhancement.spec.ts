import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentsFile } from './agents-file';
import { AgentsFileError } from './agents-file.error';
import { buildCandidate } from './candidate';
import { blockCount, BLOCK_BEGIN, withBlock } from './enhance-definition';

const REPO_FILE = join(__dirname, '../../../../config/agents.yaml');
const options = { seed: 42, applyGoal: true };

async function tempFile(): Promise<AgentsFile> {
  const dir = await mkdtemp(join(tmpdir(), 'agents-'));
  await copyFile(REPO_FILE, join(dir, 'agents.yaml'));
  return new AgentsFile(join(dir, 'agents.yaml'));
}

/** One enhancement run of the verification director: read, build, write when it changes anything. */
async function enhanceOnce(sut: AgentsFile): Promise<string> {
  const snapshot = await sut.read();
  const candidate = buildCandidate('verification_director', snapshot.definitions.verification_director, options);
  const next = sut.render(snapshot, { verification_director: candidate.definition });
  if (next !== snapshot.text) await sut.write(next);
  return snapshot.text;
}

describe(AgentsFile.name, () => {
  it('(d) leaves exactly one enhancement block after two runs, and the backup equals the file before the run', async () => {
    const sut = await tempFile();
    const original = await readFile(sut.path, 'utf8');
    await enhanceOnce(sut);
    const afterFirst = await readFile(sut.path, 'utf8');
    expect(await readFile(sut.backupPath, 'utf8')).toBe(original);

    const beforeSecond = await enhanceOnce(sut);
    expect(beforeSecond).toBe(afterFirst);
    const { definitions } = await sut.read();
    expect(blockCount(definitions.verification_director.backstory)).toBe(1);
    expect(blockCount(definitions.verification_director.goal)).toBe(1);
    expect(await readFile(sut.path, 'utf8')).toBe(afterFirst);
    expect(await readFile(sut.backupPath, 'utf8')).toBe(original);
    expect(definitions.verification_director.metadata).toMatchObject({
      reasoning_framework: { style: 'verification_focused', confidence_threshold: 0.85 },
      training: { focus: 'fact_checking', examples: 50, seed: 42 },
    });
    expect(definitions.acquisition_specialist).toEqual(
      (await new AgentsFile(REPO_FILE).read()).definitions.acquisition_specialist,
    );
  });

  it('previews as a unified diff and changes nothing on disk (dry run)', async () => {
    const sut = await tempFile();
    const before = await readFile(sut.path, 'utf8');
    const snapshot = await sut.read();
    const candidate = buildCandidate('verification_director', snapshot.definitions.verification_director, options);
    const patch = sut.diff(snapshot.text, sut.render(snapshot, { verification_director: candidate.definition }));
    expect(patch.split('\n').slice(0, 5)).toEqual([
      'Index: agents.yaml',
      '===================================================================',
      '--- agents.yaml\tcurrent',
      '+++ agents.yaml\tcandidate',
      expect.stringMatching(/^@@ -\d+,\d+ \+\d+,\d+ @@$/),
    ]);
    expect(patch).toContain(`+    ${BLOCK_BEGIN}`);
    expect(await readFile(sut.path, 'utf8')).toBe(before);
    expect(existsSync(sut.backupPath)).toBe(false);
  });

  it('refuses a malformed file naming the line, and leaves it untouched', async () => {
    const sut = await tempFile();
    const { writeFile } = await import('node:fs/promises');
    const broken = (await readFile(sut.path, 'utf8')).replace(
      '  reasoning: true\n  memory: true',
      '  reasoning: maybe\n  memory: true',
    );
    await writeFile(sut.path, broken);
    await expect(sut.read()).rejects.toThrow(AgentsFileError);
    await expect(sut.read()).rejects.toMatchObject({
      problems: [
        'agents.yaml line 59: verification_director.reasoning: Invalid input: expected boolean, received string',
      ],
    });
    expect(await readFile(sut.path, 'utf8')).toBe(broken);
  });
});

describe('withBlock', () => {
  it('replaces an existing block instead of appending a second one', () => {
    const once = withBlock('A backstory.', 'one');
    expect(withBlock(once, 'two')).toBe('A backstory.\n\n[training:begin]\ntwo\n[training:end]');
  });
});
