import { BoundedQueue } from './bounded-queue';

describe(BoundedQueue.name, () => {
  it('drops the oldest item when full and returns it', () => {
    const q = new BoundedQueue<number>(3);
    expect([q.push(1), q.push(2), q.push(3)]).toEqual([undefined, undefined, undefined]);
    expect(q.push(4)).toBe(1);
    expect(q.toArray()).toEqual([2, 3, 4]);
  });

  it('pops in order across the wrap-around and puts items back at the front', () => {
    const q = new BoundedQueue<number>(4);
    for (const n of [1, 2, 3, 4, 5, 6]) q.push(n);
    expect(q.popMany(3)).toEqual([3, 4, 5]);
    q.unshiftMany([4, 5]);
    expect(q.toArray()).toEqual([4, 5, 6]);
    expect(q.popMany(10)).toEqual([4, 5, 6]);
    expect(q.size).toBe(0);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new BoundedQueue(0)).toThrow('capacity must be an integer ≥ 1, got 0');
  });
});
