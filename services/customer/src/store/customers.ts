import mongoose, { Schema, type Connection } from 'mongoose';
import type { Topic } from '@sidecart/contracts';
import { customerRegistered, type Customer } from '../domain/customer';

/**
 * Events waiting to be published live inside the document that produced them: one
 * document write is atomic on every MongoDB-compatible server (FerretDB has no
 * multi-document transactions), so a customer is never saved without its event.
 */
export type PendingEvent = {
  eventId: string;
  topic: Topic;
  payload: Record<string, unknown>;
  createdAt: Date;
};

type CustomerDoc = {
  email: string;
  passwordHash: string;
  name: string;
  outbox: PendingEvent[];
  createdAt: Date;
  updatedAt: Date;
};

const pendingEventSchema = new Schema<PendingEvent>(
  {
    eventId: { type: String, required: true },
    topic: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { _id: false },
);

const customerSchema = new Schema<CustomerDoc>(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    passwordHash: { type: String, required: true },
    name: { type: String, required: true },
    outbox: { type: [pendingEventSchema], default: [] },
  },
  { timestamps: true, collection: 'customers' },
);
customerSchema.index({ email: 1 }, { unique: true });
customerSchema.index({ 'outbox.eventId': 1 }, { sparse: true });

export class DuplicateEmail extends Error {}

const toCustomer = (doc: { _id: mongoose.Types.ObjectId } & CustomerDoc): Customer => ({
  id: doc._id.toHexString(),
  email: doc.email,
  name: doc.name,
  createdAt: doc.createdAt,
});

/** The customer service's storage: the only place that knows about MongoDB. */
export class CustomerStore {
  private readonly customers;

  constructor(connection: Connection) {
    this.customers = connection.model<CustomerDoc>('Customer', customerSchema);
  }

  async init(): Promise<void> {
    await this.customers.syncIndexes();
  }

  async register(input: { email: string; passwordHash: string; name: string }): Promise<Customer> {
    const _id = new mongoose.Types.ObjectId();
    const now = new Date();
    const customer: Customer = {
      id: _id.toHexString(),
      email: input.email,
      name: input.name,
      createdAt: now,
    };
    const event = customerRegistered(customer);
    try {
      await this.customers.create({
        _id,
        ...input,
        createdAt: now,
        outbox: [{ eventId: event.eventId, topic: 'customer.registered', payload: event, createdAt: now }],
      });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw new DuplicateEmail(input.email);
      throw err;
    }
    return customer;
  }

  async findById(id: string): Promise<Customer | null> {
    if (!mongoose.isValidObjectId(id)) return null;
    const doc = await this.customers.findById(id).lean();
    return doc ? toCustomer(doc) : null;
  }

  /** The oldest documents with unpublished events, for the outbox relay. */
  async pendingEvents(limit: number): Promise<{ customerId: string; event: PendingEvent }[]> {
    const docs = await this.customers
      .find({ 'outbox.0': { $exists: true } }, { outbox: 1 })
      .limit(limit)
      .lean();
    return docs.flatMap((d) => d.outbox.map((event) => ({ customerId: d._id.toHexString(), event })));
  }

  async markPublished(customerId: string, eventId: string): Promise<void> {
    await this.customers.updateOne({ _id: customerId }, { $pull: { outbox: { eventId } } });
  }
}
