import { ERROR_CATEGORIES, HTTP_STATUS_BY_CATEGORY, isErrorCategory } from './error-category';
import { assertNever, fail, isStepResult, ok, skip, uncertain, type StepResult } from './step-result';

describe('StepResult', () => {
  describe('helpers', () => {
    it('builds each variant with its payload under data', () => {
      expect(ok({ a: 1 })).toEqual({ status: 'ok', data: { a: 1 } });
      expect(skip('nothing to do')).toEqual({ status: 'skipped', reason: 'nothing to do' });
      expect(uncertain([1], 'low confidence')).toEqual({ status: 'uncertain', data: [1], reason: 'low confidence' });
    });

    it('fail() derives retryable from the category unless told', () => {
      expect(fail('timeout', 't')).toEqual({ status: 'error', error: 't', category: 'timeout', retryable: true });
      expect(fail('validation', 'v')).toEqual({
        status: 'error',
        error: 'v',
        category: 'validation',
        retryable: false,
      });
      expect(fail('validation', 'v', { retryable: true, data: { field: 'x' } })).toEqual({
        status: 'error',
        error: 'v',
        category: 'validation',
        retryable: true,
        data: { field: 'x' },
      });
    });
  });

  describe('isStepResult', () => {
    it.each([
      [ok(1), true],
      [skip('r'), true],
      [uncertain(null, 'r'), true],
      [fail('internal', 'e'), true],
      [{ status: 'ok' }, false],
      [{ status: 'error', error: 'e', category: 'nope', retryable: false }, false],
      [{ status: 'done', data: 1 }, false],
      [null, false],
      ['ok', false],
    ])('%j → %s', (value, expected) => {
      expect(isStepResult(value)).toBe(expected);
    });
  });

  describe('assertNever', () => {
    it('makes switches exhaustive and throws on an impossible value', () => {
      const describe = (r: StepResult): string => {
        switch (r.status) {
          case 'ok':
          case 'uncertain':
            return `data:${String(r.data)}`;
          case 'skipped':
            return `skipped:${r.reason}`;
          case 'error':
            return `error:${r.category}`;
          default:
            return assertNever(r);
        }
      };
      expect(describe(fail('conflict', 'x'))).toBe('error:conflict');
      expect(() => assertNever({ status: 'odd' } as never)).toThrow('Unexpected value: {"status":"odd"}');
    });
  });
});

describe('ErrorCategory', () => {
  it('maps every category to one HTTP status', () => {
    expect(ERROR_CATEGORIES).toHaveLength(11);
    expect(Object.keys(HTTP_STATUS_BY_CATEGORY).sort()).toEqual([...ERROR_CATEGORIES].sort());
    expect(HTTP_STATUS_BY_CATEGORY).toMatchObject({
      validation: 400,
      not_found: 404,
      rate_limited: 429,
      unavailable: 503,
      timeout: 504,
    });
  });

  it('recognises its own values only', () => {
    expect(isErrorCategory('budget_exceeded')).toBe(true);
    expect(isErrorCategory('BUDGET_EXCEEDED')).toBe(false);
  });
});
