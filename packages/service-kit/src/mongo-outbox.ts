import { Topics, type Topic } from '@sidecart/contracts';
import { Schema, type Connection, type Model } from 'mongoose';
import { mongoOutbox, type OutboxStore, type StoredEvent } from './outbox';
import { currentTraceContext } from './trace';

/**
 * The outbox of a service on MongoDB (or FerretDB): one small collection of events
 * waiting to be published, one document each, deleted once published.
 *
 * FerretDB 1.24 has no multi-document transactions and applies concurrent updates of one
 * document as read-modify-write without isolation, so an event is neither written in a
 * transaction with its change nor kept inside the changed document (a relay removing it
 * could undo a change made in the same instant; measured in the customer stack tests).
 * Atomicity comes from the order of writes instead: the event is written first, then the
 * change it announces; the relay publishes an event only once that change exists
 * (`announces` answers yes), and drops events whose change never happened.
 *
 * Kept apart from the data it announces, the collection stays as small as the work in
 * flight: the relay's scan of it costs the same with 100 orders or 100,000. (The product
 * service first kept its events inside its reservation outcomes, flagged `published`, and
 * every relay pass scanned every outcome ever written: FerretDB filters such flags in Go.)
 */
export type PendingEvent = {
  _id: string; // eventId
  topic: Topic;
  payload: Record<string, unknown>;
  /** The document whose existence makes the event true (a customer, a reservation outcome). */
  subjectId: string;
  createdAt: Date;
  /** The trace context of the work that wrote it (W3C), published with the event. */
  traceparent?: string;
  tracestate?: string;
};

const pendingEventSchema = new Schema<PendingEvent>(
  {
    _id: { type: String, required: true },
    topic: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    subjectId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    // Optional: events written before they were kept (or outside any request) have none.
    traceparent: { type: String },
    tracestate: { type: String },
  },
  { versionKey: false },
);
pendingEventSchema.index({ createdAt: 1 });

/** A change still missing this long after its event was written never happened (the write failed). */
const ABANDONED_AFTER_MS = 60_000;

export class MongoOutbox {
  readonly events: Model<PendingEvent>;
  /** Wakes the relay; set by the server once the relay runs. */
  wakeRelay: () => void = () => undefined;

  constructor(connection: Connection, collection = 'outbox') {
    this.events = connection.model<PendingEvent>(
      `OutboxEvent:${collection}`,
      pendingEventSchema.clone(),
      collection,
    );
  }

  async init(): Promise<void> {
    await this.events.syncIndexes();
  }

  /**
   * Writes the event, with the trace context of the work in progress; call it before the
   * change it announces. A second add of one eventId is a no-op. An event that breaks its
   * topic's contract is refused here, before the change.
   */
  async add(event: Omit<PendingEvent, 'createdAt' | 'traceparent' | 'tracestate'>): Promise<void> {
    Topics[event.topic].parse(event.payload);
    const trace = currentTraceContext();
    try {
      await this.events.create({ ...event, ...trace, createdAt: new Date() });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  async discard(eventId: string): Promise<void> {
    await this.events.deleteOne({ _id: eventId });
  }

  /**
   * The relay's view (see `mongoOutbox`): events whose change exists (`announces` says
   * so), oldest first; events whose change never happened are dropped once abandoned.
   * Published events are deleted.
   */
  store(announces: (event: PendingEvent) => Promise<boolean>): OutboxStore {
    return mongoOutbox({
      pending: async (limit) => {
        const pending = await this.events.find().sort({ createdAt: 1 }).limit(limit).lean<PendingEvent[]>();
        const ready: StoredEvent[] = [];
        let dropped = 0;
        for (const event of pending) {
          if (await announces(event))
            ready.push({
              id: event._id,
              topic: event.topic,
              payload: event.payload,
              ...(event.traceparent
                ? {
                    trace: {
                      traceparent: event.traceparent,
                      ...(event.tracestate ? { tracestate: event.tracestate } : {}),
                    },
                  }
                : {}),
            });
          else if (Date.now() - event.createdAt.getTime() > ABANDONED_AFTER_MS) {
            await this.discard(event._id);
            dropped++;
          }
        }
        return { ready, dropped };
      },
      // One delete per id: lookups by _id use the primary index, `$in` scans (FerretDB).
      markPublished: async (ids) => {
        for (const id of ids) await this.discard(id);
      },
      // The collection holds only what waits: counting it costs as little as the relay's scan.
      stats: async () => {
        const [pending, oldest] = await Promise.all([
          this.events.countDocuments(),
          this.events
            .findOne({}, { createdAt: 1 })
            .sort({ createdAt: 1 })
            .lean<Pick<PendingEvent, 'createdAt'>>(),
        ]);
        return { pending, oldestSeconds: oldest ? (Date.now() - oldest.createdAt.getTime()) / 1000 : 0 };
      },
    });
  }
}
