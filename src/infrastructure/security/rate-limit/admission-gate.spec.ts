import { AdmissionGate } from './admission-gate';

describe(AdmissionGate.name, () => {
  let sut: AdmissionGate;

  beforeEach(() => {
    sut = new AdmissionGate({ maxPerTenant: 2, retryAfterSeconds: 5 });
  });

  describe('tryEnter', () => {
    it('admits up to the cap per tenant and refuses the next with the retry hint', () => {
      const first = sut.tryEnter('t1');
      const second = sut.tryEnter('t1');
      expect([first.full, second.full]).toEqual([false, false]);
      expect(sut.tryEnter('t1')).toEqual({ full: true, retryAfterSeconds: 5 });
      expect(sut.tryEnter('t2').full).toBe(false);
      expect(sut.running('t1')).toBe(2);
    });

    it('frees a slot on release, once however often release is called, and forgets an idle tenant', () => {
      const first = sut.tryEnter('t1');
      sut.tryEnter('t1');
      if (first.full) throw new Error('expected a slot');
      first.release();
      first.release();
      expect(sut.running('t1')).toBe(1);
      expect(sut.tryEnter('t1').full).toBe(false);
      expect(sut.tryEnter('t1').full).toBe(true);
    });

    it('holds nothing for tenants without runs in flight', () => {
      const admissions = ['a', 'b', 'c'].map((t) => sut.tryEnter(t));
      expect(sut.tenants).toBe(3);
      for (const a of admissions) if (!a.full) a.release();
      expect(sut.tenants).toBe(0);
    });
  });

  it('rejects a cap that is not a whole number ≥ 1', () => {
    expect(() => new AdmissionGate({ maxPerTenant: 0, retryAfterSeconds: 5 })).toThrow(
      'maxPerTenant must be a whole number ≥ 1, got 0',
    );
  });
});
