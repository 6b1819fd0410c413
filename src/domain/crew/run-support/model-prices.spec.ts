import { RequestBudget } from './budget';
import { chooseAffordableModel, DEFAULT_PRICE_PER_1K, llmCallCost, priceOf } from './model-prices';

describe('priceOf', () => {
  it('returns the table price, ignoring case and a provider prefix', () => {
    expect(priceOf('gpt-4o')).toBe(0.005);
    expect(priceOf('OpenAI/GPT-4o-mini')).toBe(0.0003);
  });

  it('returns the default price for an unknown model', () => {
    expect(DEFAULT_PRICE_PER_1K).toBe(0.002);
    expect(priceOf('some/unknown-model')).toBe(0.002);
    expect(priceOf('hasOwnProperty')).toBe(0.002);
  });

  it('reads a given price table instead of the built-in one', () => {
    expect(priceOf('local', { local: 0.5 })).toBe(0.5);
  });
});

describe('llmCallCost', () => {
  it('returns tokens / 1000 × price', () => {
    expect(llmCallCost('gpt-4o', 2000)).toBe(0.01);
    expect(llmCallCost('unknown', 500)).toBe(0.001);
    expect(llmCallCost('gpt-4o', 0)).toBe(0);
  });

  it('throws a RangeError for negative or non-finite tokens', () => {
    expect(() => llmCallCost('gpt-4o', -1)).toThrow(RangeError);
    expect(() => llmCallCost('gpt-4o', Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('chooseAffordableModel', () => {
  const prices = { big: 0.1, small: 0.01 };

  it('returns the requested model when the budget can pay for it', () => {
    const budget = RequestBudget.forDepth('standard');
    expect(
      chooseAffordableModel(budget, { taskId: 'analysis', tokens: 5000, model: 'big', cheaperModel: 'small', prices }),
    ).toEqual({
      affordable: true,
      model: 'big',
      cost: 0.5,
      downgraded: false,
    });
  });

  it('falls back to the cheaper model when the requested one would break a cap', () => {
    const budget = RequestBudget.forDepth('standard');
    budget.charge('analysis', 0.5);
    expect(
      chooseAffordableModel(budget, { taskId: 'analysis', tokens: 5000, model: 'big', cheaperModel: 'small', prices }),
    ).toEqual({
      affordable: true,
      model: 'small',
      cost: 0.05,
      downgraded: true,
    });
  });

  it('refuses when even the cheaper model does not fit', () => {
    const budget = RequestBudget.forDepth('standard');
    budget.charge('analysis', 0.74);
    expect(
      chooseAffordableModel(budget, { taskId: 'analysis', tokens: 5000, model: 'big', cheaperModel: 'small', prices }),
    ).toEqual({
      affordable: false,
      reason: 'cumulative cost exceeds limit',
      cost: 0.05,
    });
  });

  it('refuses at the requested cost when no cheaper model is configured', () => {
    const budget = RequestBudget.forDepth('quick');
    expect(chooseAffordableModel(budget, { taskId: 'acquisition', tokens: 1000, model: 'big', prices })).toEqual({
      affordable: false,
      reason: 'cumulative cost exceeds limit',
      cost: 0.1,
    });
  });

  it('accepts every call when there is no budget', () => {
    expect(chooseAffordableModel(undefined, { taskId: 'analysis', tokens: 1_000_000, model: 'big', prices })).toEqual({
      affordable: true,
      model: 'big',
      cost: 100,
      downgraded: false,
    });
  });
});
