import { ConcurrencyGate } from './concurrency-gate';

describe('ConcurrencyGate', () => {
  it('grants up to the limit, queues the rest and hands slots over in arrival order', async () => {
    const gate = new ConcurrencyGate(2);
    const order: string[] = [];
    const take = (name: string) => gate.acquire().then((release) => (order.push(name), release));
    const first = await take('a');
    const second = await take('b');
    const third = take('c');
    const fourth = take('d');
    expect({ active: gate.active, waiting: gate.waiting }).toEqual({ active: 2, waiting: 2 });
    expect(order).toEqual(['a', 'b']);

    second();
    const thirdRelease = await third;
    expect(order).toEqual(['a', 'b', 'c']);
    expect({ active: gate.active, waiting: gate.waiting }).toEqual({ active: 2, waiting: 1 });

    second(); // a second release of the same slot changes nothing
    expect({ active: gate.active, waiting: gate.waiting }).toEqual({ active: 2, waiting: 1 });

    first();
    const fourthRelease = await fourth;
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    thirdRelease();
    fourthRelease();
    expect({ active: gate.active, waiting: gate.waiting }).toEqual({ active: 0, waiting: 0 });
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects the limit %p', (limit) => {
    expect(() => new ConcurrencyGate(limit)).toThrow(RangeError);
  });
});
