import { Schema, type Connection } from 'mongoose';
import type { OrderHistoryEntry } from '@sidecart/contracts';
import { foldOrder, type OrderFact, type OrderTopic } from '../domain/order-history';

/**
 * The shopper's order history, kept as the order events themselves, one document per
 * eventId. Inserting with the eventId as `_id` makes a redelivery a duplicate-key no-op:
 * idempotent in one atomic write, even on FerretDB, where concurrent updates of one
 * document are not isolated. The view is folded from the events when read.
 */
type OrderEventDoc = {
  _id: string; // eventId
  orderId: string;
  customerId: string;
  topic: OrderTopic;
  event: Record<string, unknown>;
  receivedAt: Date;
};

const orderEventSchema = new Schema<OrderEventDoc>(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    customerId: { type: String, required: true },
    topic: { type: String, required: true },
    event: { type: Schema.Types.Mixed, required: true },
    receivedAt: { type: Date, required: true },
  },
  { collection: 'order_events', versionKey: false },
);
orderEventSchema.index({ customerId: 1, orderId: -1 });

export type HistoryPage = { items: OrderHistoryEntry[]; nextCursor: string | null };

export class OrderHistory {
  private readonly events;

  constructor(connection: Connection) {
    this.events = connection.model<OrderEventDoc>('OrderEvent', orderEventSchema);
  }

  async init(): Promise<void> {
    await this.events.syncIndexes();
  }

  /** Records an order event; false when this eventId was recorded before. */
  async record(fact: OrderFact): Promise<boolean> {
    try {
      await this.events.create({
        _id: fact.event.eventId,
        orderId: fact.event.orderId,
        customerId: fact.event.customerId,
        topic: fact.topic,
        event: fact.event,
        receivedAt: new Date(),
      });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  /**
   * A page of the customer's orders, newest first. Order ids are uuid v7 (time-ordered),
   * so ordering by id is ordering by placement, and the last id shown is the cursor.
   */
  async page(customerId: string, limit: number, after?: string): Promise<HistoryPage> {
    const orderIds = await this.events.aggregate<{ _id: string }>([
      { $match: { customerId, ...(after ? { orderId: { $lt: after } } : {}) } },
      { $group: { _id: '$orderId' } },
      { $sort: { _id: -1 } },
      { $limit: limit + 1 },
    ]);
    const ids = orderIds.slice(0, limit).map((o) => o._id);
    const items = await this.entries(customerId, ids);
    return { items, nextCursor: orderIds.length > limit ? (ids[ids.length - 1] ?? null) : null };
  }

  async all(customerId: string): Promise<OrderHistoryEntry[]> {
    const ids = (await this.events.distinct('orderId', { customerId })) as string[];
    return this.entries(customerId, ids.sort().reverse());
  }

  private async entries(customerId: string, orderIds: string[]): Promise<OrderHistoryEntry[]> {
    if (orderIds.length === 0) return [];
    const docs = await this.events.find({ customerId, orderId: { $in: orderIds } }).lean<OrderEventDoc[]>();
    return orderIds.map((orderId) =>
      foldOrder(
        orderId,
        docs
          .filter((d) => d.orderId === orderId)
          .map((d) => ({ topic: d.topic, event: d.event }) as unknown as OrderFact),
      ),
    );
  }

  async forget(customerId: string): Promise<void> {
    await this.events.deleteMany({ customerId });
  }
}
