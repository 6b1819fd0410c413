import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AcquisitionError } from '../content.types';
import { runProcess } from './process-runner';
import { WhisperCppTranscriber } from './transcriber';

/**
 * whisper.cpp is not packaged for this machine, so these tests run a stand-in `whisper-cli` that checks its
 * arguments and the WAV it is given, then writes a fixed `.vtt` next to `-of`. They exercise the adapter's
 * protocol (ffmpeg conversion, arguments, output file, errors, clean-up), not speech recognition itself. The
 * ffmpeg conversion is real.
 */
const standIn = (argsFile: string) => `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
const value = (flag) => args[args.indexOf(flag) + 1];
fs.writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(args));
if (!args.includes('-ovtt')) { console.error('expected -ovtt'); process.exit(2); }
if (!fs.existsSync(value('-m'))) { console.error('error: failed to load model ' + value('-m')); process.exit(3); }
const wav = fs.readFileSync(value('-f'));
const channels = wav.readUInt16LE(22), rate = wav.readUInt32LE(24);
if (wav.toString('ascii', 0, 4) !== 'RIFF' || channels !== 1 || rate !== 16000) {
  console.error('error: expected 16 kHz mono WAV, got ' + channels + ' channel(s) at ' + rate + ' Hz'); process.exit(4);
}
fs.writeFileSync(value('-of') + '.vtt', 'WEBVTT\\n\\n00:00:00.000 --> 00:00:00.600\\n A steady tone.\\n\\n00:00:00.600 --> 00:00:01.000\\n Then silence.\\n\\n');
`;

const SLEEPER = `#!${process.execPath}
setTimeout(() => {}, 30000);
`;

describe(WhisperCppTranscriber.name, () => {
  let dir: string;
  let temp: string;
  let media: string;
  let model: string;
  let binary: string;
  let sleeper: string;
  const argsFile = () => join(dir, 'args.json');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crew-transcriber-spec-'));
    // The transcriber's own temporary directories go here, so the spec can see that they are removed.
    temp = join(dir, 'work');
    await mkdir(temp);
    media = join(dir, 'tone.m4a');
    try {
      execFileSync('ffmpeg', [
        '-nostdin',
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:duration=1:sample_rate=44100',
        '-ac',
        '2',
        '-c:a',
        'aac',
        media,
      ]);
    } catch (error) {
      throw new Error(`this spec needs ffmpeg on PATH (apt-get install ffmpeg): ${(error as Error).message}`, {
        cause: error,
      });
    }
    model = join(dir, 'ggml-stand-in.bin');
    await writeFile(model, 'not a real model');
    binary = join(dir, 'whisper-cli');
    await writeFile(binary, standIn(argsFile()));
    sleeper = join(dir, 'whisper-sleeper');
    await writeFile(sleeper, SLEEPER);
    await Promise.all([chmod(binary, 0o755), chmod(sleeper, 0o755)]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe('transcribe', () => {
    it('converts the media to 16 kHz mono WAV, runs the CLI and reads its WebVTT', async () => {
      const sut = new WhisperCppTranscriber({ binary, model, language: 'en', workDir: temp });
      expect(await sut.transcribe(media)).toEqual({
        transcript: 'A steady tone. Then silence.',
        anchors: [
          { start: 0, end: 0.6, text: 'A steady tone.' },
          { start: 0.6, end: 1, text: 'Then silence.' },
        ],
      });
      const args = JSON.parse(await readFile(argsFile(), 'utf8')) as string[];
      expect(args.filter((a) => !a.startsWith(temp))).toEqual(['-m', model, '-f', '-ovtt', '-of', '-l', 'en']);
      expect(args[3]).toMatch(/\/audio\.wav$/);
      expect(await readdir(temp)).toEqual([]);
    });

    it('names the binary and the tail of its stderr when it fails', async () => {
      const sut = new WhisperCppTranscriber({ binary, model: join(dir, 'missing.bin'), workDir: temp });
      await expect(sut.transcribe(media)).rejects.toThrow(
        new AcquisitionError(
          'failed',
          `${binary} could not transcribe ${media} (exit 3): error: failed to load model ${join(dir, 'missing.bin')}`,
        ),
      );
      expect(await readdir(temp)).toEqual([]);
    });

    it('reports media ffmpeg cannot read, naming ffmpeg', async () => {
      const notMedia = join(dir, 'notes.txt');
      await writeFile(notMedia, 'just words');
      const error = await new WhisperCppTranscriber({ binary, model, workDir: temp })
        .transcribe(notMedia)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AcquisitionError);
      expect((error as AcquisitionError).code).toBe('failed');
      expect((error as AcquisitionError).message).toMatch(
        new RegExp(
          `^ffmpeg could not convert ${notMedia} to WAV \\(exit 1\\): .*Invalid data found when processing input$`,
        ),
      );
    });

    it('reports a binary that cannot be started', async () => {
      const sut = new WhisperCppTranscriber({ binary: join(dir, 'no-such-cli'), model, workDir: temp });
      await expect(sut.transcribe(media)).rejects.toThrow(
        `${join(dir, 'no-such-cli')} could not be started: spawn ${join(dir, 'no-such-cli')} ENOENT`,
      );
    });

    it('kills the CLI at the timeout and says so, retryable', async () => {
      const sut = new WhisperCppTranscriber({ binary: sleeper, model, timeoutMs: 2000, workDir: temp });
      const error = (await sut.transcribe(media).catch((e: unknown) => e)) as AcquisitionError;
      expect([error.code, error.retryable, error.message]).toEqual([
        'timeout',
        true,
        `${sleeper} could not transcribe ${media}: timed out after 2000 ms`,
      ]);
      expect(await readdir(temp)).toEqual([]);
    });

    it('stops when the signal aborts, rejecting with its reason', async () => {
      const sut = new WhisperCppTranscriber({ binary: sleeper, model, workDir: temp });
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(new Error('caller gave up')), 600);
      await expect(sut.transcribe(media, controller.signal)).rejects.toThrow('caller gave up');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await readdir(temp)).toEqual([]);
    });
  });

  describe(runProcess.name, () => {
    it('passes arguments without a shell', async () => {
      const marker = join(dir, 'shell-ran');
      const text = `$(touch ${marker}); echo "quoted" 'too'`;
      const outcome = await runProcess(process.execPath, ['-e', 'console.log(process.argv[1])', text], {
        timeoutMs: 5000,
      });
      expect(outcome).toEqual({ status: 'exited', code: 0, stdout: `${text}\n`, stderr: '' });
      expect(await readdir(dir)).not.toContain('shell-ran');
    });
  });
});
