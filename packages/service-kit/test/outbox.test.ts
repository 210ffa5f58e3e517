import { mongoOutbox, relayOutbox, type Dapr, type StoredEvent } from '../src';

const event = (n: number): StoredEvent => ({
  id: `e${n}`,
  topic: 'stock.released',
  payload: { eventId: `id-${n}`, occurredAt: new Date(0).toISOString(), orderId: `o${n}`, reason: 'x' },
});

function fakeDapr(failOn: Set<string>) {
  const published: string[] = [];
  const dapr = {
    publish: async (_topic: string, payload: { eventId: string }) => {
      if (failOn.has(payload.eventId)) throw new Error('broker down');
      published.push(payload.eventId);
    },
  } as unknown as Dapr;
  return { dapr, published };
}

describe('relayOutbox', () => {
  it('publishes in order, settles what went out, and stops at the first failure', async () => {
    const marked: string[][] = [];
    const store = mongoOutbox({
      pending: async () => ({ ready: [event(1), event(2), event(3)], dropped: 1 }),
      markPublished: async (ids) => void marked.push(ids),
    });
    const { dapr, published } = fakeDapr(new Set(['id-3']));
    expect(await relayOutbox(store, dapr)).toBe(3); // two published + one dropped
    expect(published).toEqual(['id-1', 'id-2']);
    expect(marked).toEqual([['e1', 'e2']]);
  });

  it('throws when nothing could be published, marking nothing', async () => {
    const marked: string[][] = [];
    const store = mongoOutbox({
      pending: async () => ({ ready: [event(1)] }),
      markPublished: async (ids) => void marked.push(ids),
    });
    await expect(relayOutbox(store, fakeDapr(new Set(['id-1'])).dapr)).rejects.toThrow('broker down');
    expect(marked).toEqual([]);
  });
});
