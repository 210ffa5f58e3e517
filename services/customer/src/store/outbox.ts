import type { Topic } from '@sidecart/contracts';
import { Schema, type Connection } from 'mongoose';

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
   * Publishes what is ready, oldest first: events whose change exists. Returns how many
   * it handled. A crash after publishing publishes again: consumers dedupe by eventId.
   */
  async relay(
    announces: (event: PendingEvent) => Promise<boolean>,
    publish: (event: PendingEvent) => Promise<void>,
    now = Date.now(),
  ): Promise<number> {
    const pending = await this.events.find().sort({ createdAt: 1 }).limit(50).lean<PendingEvent[]>();
    let handled = 0;
    for (const event of pending) {
      if (await announces(event)) {
        await publish(event);
        await this.discard(event._id);
        handled++;
      } else if (now - event.createdAt.getTime() > ABANDONED_AFTER_MS) {
        await this.discard(event._id);
        handled++;
      }
    }
    return handled;
  }
}
