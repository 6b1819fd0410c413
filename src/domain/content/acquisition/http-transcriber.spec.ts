import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AcquisitionError } from '../content.types';
import { HttpTranscriber, toSpeechTranscript } from './http-transcriber';

/** What the local server saw of one request. */
interface Seen {
  readonly path: string;
  readonly authorization?: string;
  readonly body: string;
}

/** A local transcription server answering `status` and `body` to every request. */
async function server(status: number, body: string): Promise<{ url: string; seen: Seen[]; close: () => void }> {
  const seen: Seen[] = [];
  const srv: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks).toString('latin1'),
      });
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/`, seen, close: () => srv.close() };
}

/** What `transcribe` rejected with (it must reject). */
async function failureOf(run: Promise<unknown>): Promise<AcquisitionError> {
  const outcome = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof AcquisitionError)) throw new Error(`expected an AcquisitionError, got ${String(outcome)}`);
  return outcome;
}

function media(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'crew-media-')), 'talk.mp3');
  writeFileSync(path, Buffer.from('ID3 fake audio bytes'));
  return path;
}

const VERBOSE = JSON.stringify({
  text: ' Hello and welcome. Today we talk about bread.',
  segments: [
    { id: 0, start: 0, end: 2.5, text: ' Hello and welcome.' },
    { id: 1, start: 2.5, end: 5.25, text: ' Today we talk about bread.' },
  ],
});

describe(HttpTranscriber.name, () => {
  it('uploads the media with the model and verbose_json, and turns the segments into the timeline', async () => {
    const local = await server(200, VERBOSE);
    try {
      const sut = new HttpTranscriber({ baseUrl: local.url, model: 'base.en', apiKey: 'k-1', language: 'en' });
      expect(await sut.transcribe(media())).toEqual({
        transcript: 'Hello and welcome. Today we talk about bread.',
        anchors: [
          { start: 0, end: 2.5, text: 'Hello and welcome.' },
          { start: 2.5, end: 5.25, text: 'Today we talk about bread.' },
        ],
      });
      const [request] = local.seen;
      expect([request.path, request.authorization]).toEqual(['/v1/audio/transcriptions', 'Bearer k-1']);
      for (const part of [
        'name="model"\r\n\r\nbase.en',
        'name="response_format"\r\n\r\nverbose_json',
        'filename="talk.mp3"',
      ])
        expect(request.body).toContain(part);
      expect(request.body).toContain('ID3 fake audio bytes');
    } finally {
      local.close();
    }
  });

  it('is a retryable acquisition error when the server answers 503, quoting it, and a final one on 400', async () => {
    for (const [status, retryable] of [
      [503, true],
      [400, false],
    ] as const) {
      const local = await server(status, '{"error":"model not loaded"}');
      try {
        const failure = await failureOf(new HttpTranscriber({ baseUrl: local.url, model: 'm' }).transcribe(media()));
        expect([failure.message, failure.retryable]).toEqual([
          `${local.url.replace(/\/$/, '')}/audio/transcriptions answered ${status}: {"error":"model not loaded"}`,
          retryable,
        ]);
      } finally {
        local.close();
      }
    }
  });

  it('is a retryable acquisition error when nothing listens (a closed local port)', async () => {
    const local = await server(200, VERBOSE);
    local.close();
    const failure = await failureOf(new HttpTranscriber({ baseUrl: local.url, model: 'm' }).transcribe(media()));
    expect(failure.retryable).toBe(true);
    expect(failure.message).toMatch(/could not be reached/);
  });
});

describe(toSpeechTranscript.name, () => {
  const at = 'http://127.0.0.1:1/v1/audio/transcriptions';

  it('takes an answer without segments as one anchor over the whole text, and an empty one as no speech', () => {
    expect(toSpeechTranscript('{"text":" Just text. "}', at)).toEqual({
      transcript: 'Just text.',
      anchors: [{ start: 0, end: 0, text: 'Just text.' }],
    });
    expect(toSpeechTranscript('{"text":"","segments":[]}', at)).toEqual({ transcript: '', anchors: [] });
  });

  it.each([
    ['<html>busy</html>', 'something that is not JSON: <html>busy</html>'],
    ['[1]', 'JSON that is not an object'],
    ['{"segments":[]}', 'without a `text` string'],
    ['{"text":"x","segments":{}}', '`segments` that is not a list'],
    [
      '{"text":"x","segments":[{"start":"0","end":1,"text":"a"}]}',
      '`segments[0].start` that is not a number of seconds',
    ],
    [
      '{"text":"x","segments":[{"start":2,"end":1,"text":"a"}]}',
      '`segments[0].end` that is not a number of seconds from its start',
    ],
    ['{"text":"x","segments":[{"start":0,"end":1}]}', '`segments[0].text` that is not a string'],
  ])('refuses %s, naming what is wrong', (body, what) => {
    expect(() => toSpeechTranscript(body, at)).toThrow(new AcquisitionError('failed', `${at} answered ${what}`));
  });
});
