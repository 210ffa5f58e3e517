import mongoose, { Schema, type Connection } from 'mongoose';
import type { Address, Preferences } from '@sidecart/contracts';
import {
  customerDeleted,
  customerRegistered,
  DEFAULT_PREFERENCES,
  type Customer,
  type Role,
} from '../domain/customer';
import type { MongoOutbox } from '@sidecart/service-kit';

type CustomerDoc = {
  _id: mongoose.Types.ObjectId;
  email: string;
  passwordHash: string;
  name: string;
  role?: Role;
  /** `provider:accountId` of an OAuth identity that signs in to this account. */
  external?: string;
  /** The x-request-id of the sign-up that opened the account: a retry of that request is recognised. */
  signUpRequest?: string;
  addresses: Address[];
  preferences: Preferences;
  passwordChangedAt?: Date;
  /** When the owner followed a link mailed to `email`; unset while unverified. */
  emailVerifiedAt?: Date;
  /** The shop operator's account, kept in step with the secret store (`syncOperator`). */
  shopOperator?: boolean;
  createdAt: Date;
  updatedAt: Date;
};

const addressSchema = new Schema<Address>(
  {
    id: { type: String, required: true },
    label: String,
    name: { type: String, required: true },
    line1: { type: String, required: true },
    line2: String,
    postalCode: { type: String, required: true },
    city: { type: String, required: true },
    country: { type: String, required: true },
    phone: String,
    isDefault: { type: Boolean, required: true },
  },
  { _id: false },
);

const customerSchema = new Schema<CustomerDoc>(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    passwordHash: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, enum: ['customer', 'admin'], default: 'customer' },
    external: String,
    signUpRequest: String,
    addresses: { type: [addressSchema], default: [] },
    preferences: {
      currency: { type: String, default: DEFAULT_PREFERENCES.currency },
      language: { type: String, default: DEFAULT_PREFERENCES.language },
      marketingConsent: { type: Boolean, default: DEFAULT_PREFERENCES.marketingConsent },
    },
    passwordChangedAt: Date,
    emailVerifiedAt: Date,
    shopOperator: Boolean,
  },
  { timestamps: true, collection: 'customers' },
);
customerSchema.index({ email: 1 }, { unique: true });

export class DuplicateEmail extends Error {}

const toCustomer = (doc: CustomerDoc): Customer => ({
  id: doc._id.toHexString(),
  email: doc.email,
  name: doc.name,
  role: doc.role ?? 'customer',
  emailVerified: doc.emailVerifiedAt !== undefined && doc.emailVerifiedAt !== null,
  addresses: (doc.addresses ?? []).map(
    ({ id, label, name, line1, line2, postalCode, city, country, phone, isDefault }) => ({
      id,
      ...(label ? { label } : {}),
      name,
      line1,
      ...(line2 ? { line2 } : {}),
      postalCode,
      city,
      country,
      ...(phone ? { phone } : {}),
      isDefault,
    }),
  ),
  preferences: {
    currency: doc.preferences?.currency ?? DEFAULT_PREFERENCES.currency,
    language: doc.preferences?.language ?? DEFAULT_PREFERENCES.language,
    marketingConsent: doc.preferences?.marketingConsent ?? DEFAULT_PREFERENCES.marketingConsent,
  },
  createdAt: doc.createdAt,
});

const validId = (id: string) => mongoose.isValidObjectId(id);

/** The customer service's storage: the only place that knows about MongoDB. */
export class CustomerStore {
  readonly customers;

  constructor(
    connection: Connection,
    private readonly outbox: MongoOutbox,
  ) {
    this.customers = connection.model<CustomerDoc>('Customer', customerSchema);
  }

  async init(): Promise<void> {
    await this.customers.syncIndexes();
  }

  async register(input: {
    email: string;
    passwordHash: string;
    name: string;
    signUpRequest?: string;
    /** Set when the address is known to be the owner's already (an OAuth provider's). */
    emailVerifiedAt?: Date;
  }): Promise<Customer> {
    const _id = new mongoose.Types.ObjectId();
    const now = new Date();
    const event = customerRegistered({ id: _id.toHexString(), email: input.email, name: input.name });
    // The event first: it is published only once the account exists (see MongoOutbox in service-kit).
    await this.outbox.add({
      _id: event.eventId,
      topic: 'customer.registered',
      payload: event,
      subjectId: _id.toHexString(),
    });
    try {
      const doc = await this.customers.create({ _id, ...input, createdAt: now });
      this.outbox.wakeRelay(); // the change exists: its event may go out now
      return toCustomer(doc.toObject() as CustomerDoc);
    } catch (err) {
      await this.outbox.discard(event.eventId);
      if ((err as { code?: number }).code === 11000) throw new DuplicateEmail(input.email);
      throw err;
    }
  }

  /**
   * The shop operator's account, kept in step with ADMIN_EMAIL / ADMIN_PASSWORD from the
   * secret store at every start. It is the one account marked `shopOperator`; it is never
   * found by email, so a shopper who registers the admin email first is not promoted:
   * the start then leaves the shop without an admin and says why. A new ADMIN_PASSWORD
   * (or ADMIN_EMAIL) in the secret store re-keys the account and ends its sessions.
   */
  async syncOperator(input: {
    email: string;
    password: string;
    name: string;
    hash: (password: string) => Promise<string>;
    matches: (password: string, hash: string) => Promise<boolean>;
  }): Promise<
    { outcome: 'created' | 'rekeyed' | 'unchanged'; customer: Customer } | { outcome: 'email-taken' }
  > {
    let operator = await this.customers.findOne({ shopOperator: true }).lean<CustomerDoc>();
    if (!operator) {
      // A shop started by an earlier version promoted the account with ADMIN_EMAIL at start. That
      // admin becomes the operator account, re-keyed below with ADMIN_PASSWORD: whoever held it
      // before (the operator, or a shopper who registered the email first) now needs the secret.
      operator = await this.customers.findOneAndUpdate(
        { email: input.email, role: 'admin' },
        { $set: { shopOperator: true } },
        { new: true, lean: true },
      );
    }
    if (!operator) {
      if (await this.customers.exists({ email: input.email })) return { outcome: 'email-taken' };
      const created = await this.register({
        email: input.email,
        name: input.name,
        passwordHash: await input.hash(input.password),
      }).catch(async (err) => {
        if (!(err instanceof DuplicateEmail)) throw err;
        return null; // another replica created it at the same moment, or a shopper took the email
      });
      if (!created) return this.syncOperator(input);
      await this.customers.updateOne({ _id: created.id }, { $set: { role: 'admin', shopOperator: true } });
      return { outcome: 'created', customer: (await this.findById(created.id))! };
    }
    const samePassword = await input.matches(input.password, operator.passwordHash);
    if (samePassword && operator.email === input.email && operator.role === 'admin') {
      return { outcome: 'unchanged', customer: toCustomer(operator) };
    }
    if (operator.email !== input.email && (await this.customers.exists({ email: input.email }))) {
      return { outcome: 'email-taken' };
    }
    await this.customers.updateOne(
      { _id: operator._id },
      {
        $set: {
          email: input.email,
          role: 'admin',
          ...(samePassword
            ? {}
            : { passwordHash: await input.hash(input.password), passwordChangedAt: new Date() }),
        },
      },
    );
    return { outcome: 'rekeyed', customer: (await this.findById(operator._id.toHexString()))! };
  }

  /** The account an OAuth identity signs in to, opened on its first sign-in. */
  async findOrRegisterExternal(input: {
    external: string;
    email: string;
    name: string;
    passwordHash: string;
  }): Promise<Customer> {
    const linked = await this.customers.findOne({ external: input.external }).lean<CustomerDoc>();
    if (linked) return toCustomer(linked);
    // The provider vouches for the address (the storefront's GitHub provider gives the verified primary one).
    const customer = await this.register({ ...input, emailVerifiedAt: new Date() });
    await this.customers.updateOne({ _id: customer.id }, { $set: { external: input.external } });
    return customer;
  }

  async findById(id: string): Promise<Customer | null> {
    if (!validId(id)) return null;
    const doc = await this.customers.findById(id).lean<CustomerDoc>();
    return doc ? toCustomer(doc) : null;
  }

  /** The account opened by the sign-up request `requestId` under this email, if that is how it was opened. */
  async openedBy(email: string, requestId: string): Promise<Customer | null> {
    const doc = await this.customers.findOne({ email }).lean<CustomerDoc>();
    return doc && doc.signUpRequest === requestId ? toCustomer(doc) : null;
  }

  /** The account with this email (as stored: lower case), if any. */
  async findByEmail(email: string): Promise<Customer | null> {
    const doc = await this.customers.findOne({ email: email.trim().toLowerCase() }).lean<CustomerDoc>();
    return doc ? toCustomer(doc) : null;
  }

  /** The admin lookup: accounts whose email starts with, or whose name contains, `filter`'s text. */
  async search(filter: Record<string, unknown>, limit: number): Promise<Customer[]> {
    const docs = await this.customers
      .find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<CustomerDoc[]>();
    return docs.map(toCustomer);
  }

  /** The owner showed they read mail sent to the account's address. The first time counts. */
  async markEmailVerified(id: string): Promise<void> {
    if (!validId(id)) return;
    await this.customers.updateOne(
      { _id: id, emailVerifiedAt: { $exists: false } },
      { $set: { emailVerifiedAt: new Date() } },
    );
  }

  /** The account and its password hash, for sign-in only. */
  async credentialsOf(email: string): Promise<{ customer: Customer; passwordHash: string } | null> {
    const doc = await this.customers.findOne({ email }).lean<CustomerDoc>();
    return doc ? { customer: toCustomer(doc), passwordHash: doc.passwordHash } : null;
  }

  async passwordHashOf(id: string): Promise<string | null> {
    if (!validId(id)) return null;
    const doc = await this.customers
      .findById(id, { passwordHash: 1 })
      .lean<Pick<CustomerDoc, 'passwordHash'>>();
    return doc?.passwordHash ?? null;
  }

  async update(
    id: string,
    changes: { name?: string; preferences?: Partial<Preferences>; addresses?: Address[] },
  ): Promise<Customer | null> {
    if (!validId(id)) return null;
    const set: Record<string, unknown> = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.addresses !== undefined) set.addresses = changes.addresses;
    for (const [key, value] of Object.entries(changes.preferences ?? {})) set[`preferences.${key}`] = value;
    const doc = await this.customers
      .findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after', runValidators: true })
      .lean<CustomerDoc>();
    return doc ? toCustomer(doc) : null;
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.customers.updateOne({ _id: id }, { $set: { passwordHash, passwordChangedAt: new Date() } });
  }

  /**
   * Erases the account and announces `customer.deleted`: the event first, then the deletion
   * (the relay publishes it only once the account is gone; if the deletion fails, the event is
   * dropped as abandoned). Returns false when there was no such account.
   */
  async erase(id: string): Promise<boolean> {
    if (!validId(id)) return false;
    const event = customerDeleted(id);
    await this.outbox.add({ _id: event.eventId, topic: 'customer.deleted', payload: event, subjectId: id });
    const result = await this.customers.deleteOne({ _id: id });
    if (result.deletedCount !== 1) {
      await this.outbox.discard(event.eventId);
      return false;
    }
    this.outbox.wakeRelay();
    return true;
  }
}
