import { Writable } from 'node:stream';
import pino from 'pino';
import { BootLogger } from './boot-logger';

describe(BootLogger.name, () => {
  function capture(level: pino.LevelWithSilent = 'trace') {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    return { sut: new BootLogger(pino({ level, base: undefined, timestamp: false }, stream)), lines };
  }

  it('writes Nest boot lines with their context at the matching pino level', () => {
    const { sut, lines } = capture();
    sut.log('Starting Nest application...', 'NestFactory');
    sut.warn('careful', 'X');
    sut.debug('details');
    sut.verbose('more');
    expect(lines).toEqual([
      { level: 30, context: 'NestFactory', msg: 'Starting Nest application...' },
      { level: 40, context: 'X', msg: 'careful' },
      { level: 20, msg: 'details' },
      { level: 10, msg: 'more' },
    ]);
  });

  it('logs a boot failure as an error with its type and message', () => {
    const { sut, lines } = capture();
    sut.error(new TypeError('no database'), 'ExceptionHandler');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      context: 'ExceptionHandler',
      msg: 'no database',
      err: { type: 'TypeError', message: 'no database' },
    });
  });

  it('respects the configured level', () => {
    const { sut, lines } = capture('silent');
    sut.error(new Error('x'));
    sut.log('y');
    expect(lines).toEqual([]);
  });
});
