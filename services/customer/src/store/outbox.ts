import type { Topic } from '@sidecart/contracts';
import { Schema, type Connection } from 'mongoose';
import { mongoOutbox, type OutboxStore, type StoredEvent } from '@sidecart/service-kit';

/**
 * Events waiting to be published, one document each. Why not inside the customer
 * document, as a single atomic write would suggest: FerretDB 1.24 applies concurrent
 * updates of one document as read-modify-write without isolation, so the relay removing
 * a published event from a customer could silently undo a password change made in the
 * same instant (measured in the stack tests). Here the relay never writes a customer.
 *
 * Atomicity comes from the order of writes instead: the event is written first, then
 * the change it announces; the relay publishes an event only once that change exists
 * (`announces` answers yes), and drops events whose change never happened.
 */
export type PendingEvent = {
  _id: string; // eventId
  topic: Topic;
  payload: Record<string, unknown>;
  /** The customer the event is about. */
  subjectId: string;
  createdAt: Date;
};

const pendingEventSchema = new Schema<PendingEvent>(
  {
    _id: { type: String, required: true },
    topic: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    subjectId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'outbox', versionKey: false },
);
pendingEventSchema.index({ createdAt: 1 });

/** A change still missing this long after its event was written never happened (the write failed). */
const ABANDONED_AFTER_MS = 60_000;

export class Outbox {
  readonly events;
  /** Wakes the relay; set by the server once the relay runs. */
  wakeRelay: () => void = () => undefined;

  constructor(connection: Connection) {
    this.events = connection.model<PendingEvent>('OutboxEvent', pendingEventSchema);
  }

  async init(): Promise<void> {
    await this.events.syncIndexes();
  }

  async add(event: Omit<PendingEvent, 'createdAt'>): Promise<void> {
    await this.events.create({ ...event, createdAt: new Date() });
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
            ready.push({ id: event._id, topic: event.topic, payload: event.payload });
          else if (Date.now() - event.createdAt.getTime() > ABANDONED_AFTER_MS) {
            await this.discard(event._id);
            dropped++;
          }
        }
        return { ready, dropped };
      },
      // One delete per id: FerretDB's SQLite backend looks documents up by _id, but scans for $in.
      markPublished: async (ids) => {
        for (const id of ids) await this.discard(id);
      },
    });
  }
}
