import { createHash } from 'node:crypto';
import mongoose, { Schema, type Connection, type QueryFilter } from 'mongoose';
import {
  newEnvelope,
  type AdjustStock,
  type CreateProduct,
  type Currency,
  type Product,
  type ProductAuditEntry,
  type ProductUpdated,
  type UpdateProduct,
} from '@sidecart/contracts';
import { Refused, type MongoOutbox, type PendingEvent } from '@sidecart/service-kit';
import { searchTermsOf, slugify } from '../domain/search';
import {
  levelsOf,
  planAdjustment,
  type Movement,
  type StockBalance,
  type StockLevels,
} from '../domain/stock';
import { initialKey, slotOf, type StockLedger } from './stock-ledger';

export type ProductDoc = {
  _id: mongoose.Types.ObjectId;
  sku: string;
  slug: string;
  name: string;
  description: string;
  images: string[];
  categories: string[];
  attributes: Record<string, string>;
  price: { amount: number; currency: Currency };
  /**
   * A copy of the stock ledger's balance (see stock-ledger.ts), kept for listing filters
   * and sorting; the ledger is the truth and decides every reservation.
   */
  stock: StockLevels & { seq: number };
  active: boolean;
  searchTerms: string[];
  /** How many admin edits the product had: the revision of its latest audit entry (0: none). */
  revision?: number;
  /**
   * The audit trail, oldest first: written in the same single-document update as the edit it
   * records, so neither exists without the other. Left out of every read unless asked for
   * (`select: false`): listings and the read model never carry it.
   */
  audit?: AuditDoc[];
  createdAt: Date;
  updatedAt: Date;
};

export type AuditDoc = {
  revision: number;
  eventId: string;
  at: Date;
  by: string;
  changes: Record<string, { before: unknown; after: unknown }>;
};

const productSchema = new Schema<ProductDoc>(
  {
    sku: { type: String, required: true },
    slug: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    images: { type: [String], default: [] },
    categories: { type: [String], default: [] },
    attributes: { type: Schema.Types.Mixed, default: {} },
    price: {
      amount: { type: Number, required: true, min: 0 },
      currency: { type: String, required: true },
    },
    stock: {
      onHand: { type: Number, required: true },
      reserved: { type: Number, required: true },
      available: { type: Number, required: true },
      seq: { type: Number, required: true },
    },
    active: { type: Boolean, default: true },
    searchTerms: { type: [String], default: [] },
    revision: { type: Number },
    audit: { type: [Schema.Types.Mixed], select: false, default: undefined },
  },
  { timestamps: true, collection: 'products', minimize: false },
);
productSchema.index({ sku: 1 }, { unique: true });
productSchema.index({ slug: 1 }, { unique: true });
// One index per query shape of store/catalog.ts: the keyset sorts alone and within a category
// (the shop's category pages), slug and sku lookups, search words, the in-stock filter.
productSchema.index({ searchTerms: 1 });
productSchema.index({ 'price.amount': 1, _id: 1 });
productSchema.index({ createdAt: -1, _id: -1 });
productSchema.index({ categories: 1, createdAt: -1, _id: -1 });
productSchema.index({ categories: 1, 'price.amount': 1, _id: 1 });
productSchema.index({ 'stock.available': 1 });

export class DuplicateProduct extends Refused {
  constructor(readonly field: 'sku' | 'slug') {
    super('conflict', `a product with this ${field} already exists`);
  }
}

/** The public view; `balance`, when given, is the ledger's exact stock instead of the listing copy. */
export function toProduct(doc: ProductDoc, balance?: StockBalance): Product {
  return {
    id: doc._id.toHexString(),
    sku: doc.sku,
    slug: doc.slug,
    name: doc.name,
    description: doc.description,
    images: doc.images,
    categories: doc.categories,
    attributes: doc.attributes ?? {},
    price: { amount: doc.price.amount, currency: doc.price.currency },
    stock: balance ? levelsOf(balance) : levelsOf(doc.stock),
    active: doc.active,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

function duplicateOf(err: unknown): DuplicateProduct | null {
  const e = err as { code?: number; keyPattern?: Record<string, unknown>; message?: string };
  if (e.code !== 11000) return null;
  // FerretDB names the index only in the message; MongoDB also gives keyPattern.
  const slug = (e.keyPattern && 'slug' in e.keyPattern) || /slug/.test(e.message ?? '');
  return new DuplicateProduct(slug ? 'slug' : 'sku');
}

export function newProductDoc(input: CreateProduct, now = new Date()): Omit<ProductDoc, '_id'> {
  return {
    sku: input.sku,
    slug: input.slug ?? `${slugify(input.name)}-${input.sku.toLowerCase()}`,
    name: input.name,
    description: input.description,
    images: input.images,
    categories: input.categories,
    attributes: input.attributes,
    price: input.price,
    stock: { onHand: input.onHand, reserved: 0, available: input.onHand, seq: 1 },
    active: input.active,
    searchTerms: searchTermsOf(input),
    revision: 0,
    createdAt: now,
    updatedAt: now,
  };
}

export const productModel = (connection: Connection) =>
  connection.model<ProductDoc>('Product', productSchema);
export type ProductModel = ReturnType<typeof productModel>;

/** Seeded products get ids derived from their sku, so every replica and every run agrees on them. */
export const seededId = (sku: string) =>
  new mongoose.Types.ObjectId(createHash('sha256').update(`sidecart-seed:${sku}`).digest('hex').slice(0, 24));

export type Adjustment = AdjustStock & { by: string };

/** The fields an edit may change, as the audit trail records them. */
type EditableField = keyof UpdateProduct;

export const toAuditEntry = (entry: AuditDoc): ProductAuditEntry => ({
  revision: entry.revision,
  eventId: entry.eventId,
  at: new Date(entry.at).toISOString(),
  by: entry.by,
  changes: entry.changes,
});

/** Catalog writes: create, edit, archive, manual stock adjustments. */
export class ProductStore {
  constructor(
    readonly products: ProductModel,
    readonly ledger: StockLedger,
    /** Where `product.updated` goes; without one (storage tests), edits announce nothing. */
    private readonly outbox: MongoOutbox | null = null,
  ) {}

  async create(input: CreateProduct): Promise<ProductDoc> {
    const _id = new mongoose.Types.ObjectId();
    // The ledger's opening entry first: a product never exists without its stock.
    await this.openLedger(_id.toHexString(), input.onHand);
    try {
      const doc = (await this.products.create({ _id, ...newProductDoc(input) })).toObject() as ProductDoc;
      this.onWritten(doc);
      return doc;
    } catch (err) {
      throw duplicateOf(err) ?? err;
    }
  }

  private async openLedger(productId: string, onHand: number): Promise<void> {
    await this.ledger.append(
      productId,
      { kind: 'INITIAL', reason: 'opening stock' },
      () => ({ onHandDelta: onHand, reservedDelta: 0 }),
      (_m: Movement): _m is Movement => true,
      initialKey(productId),
    );
  }

  async findById(id: string): Promise<ProductDoc | null> {
    if (!mongoose.isValidObjectId(id)) return null;
    return this.products.findById(id).lean<ProductDoc>();
  }

  /** What a reservation needs of a product: whether it is for sale; null when there is no such product. */
  async saleState(productId: string): Promise<Pick<ProductDoc, 'active'> | null> {
    if (!mongoose.isValidObjectId(productId)) return null;
    return this.products.findById(productId, { active: 1 }).lean<Pick<ProductDoc, 'active'>>();
  }

  async findBySlug(slug: string): Promise<ProductDoc | null> {
    return this.products.findOne({ slug }).lean<ProductDoc>();
  }

  async balance(productId: string): Promise<StockBalance> {
    return this.ledger.balance(productId);
  }

  /**
   * Applies an admin edit (`by`: the admin's id), records it in the product's audit trail and
   * announces it as `product.updated`. Fields whose value does not change are left out; an edit
   * that changes nothing records and announces nothing.
   *
   * Atomic without transactions (FerretDB has none): the event goes to the outbox first, then
   * one single-document update sets the fields, bumps `revision` and appends the audit entry
   * carrying the event's id, only if `revision` is still the one read (a concurrent edit makes
   * this one read again and re-diff). The relay publishes the event only once the product's
   * audit holds its id (`announces`). On FerretDB a concurrent write to the same product (the
   * stock copy, see syncStock) can overwrite the whole document with what it read before this
   * edit, so the edit is read back and applied again, with the same event id, if it was lost.
   */
  async update(id: string, changes: UpdateProduct, by: string): Promise<ProductDoc | null> {
    const envelope = newEnvelope();
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.findById(id);
      if (!current) return null;
      const fields = (Object.keys(changes) as EditableField[]).filter(
        (f) => JSON.stringify(current[f]) !== JSON.stringify(changes[f]),
      );
      if (fields.length === 0) {
        // A concurrent edit already made the same change: this one announces nothing.
        if (attempt > 0) await this.outbox?.discard(envelope.eventId);
        return current;
      }
      const revision = (current.revision ?? 0) + 1;
      const entry: AuditDoc = {
        revision,
        eventId: envelope.eventId,
        at: new Date(),
        by,
        changes: Object.fromEntries(
          fields.map((f) => [f, { before: current[f] ?? null, after: changes[f] }]),
        ),
      };
      const set = Object.fromEntries(fields.map((f) => [f, changes[f]]));
      if (this.outbox) {
        const event: ProductUpdated = { ...envelope, productId: id, revision, fields, by };
        // A retry may carry another revision or other fields: the pending copy is replaced.
        if (attempt > 0) await this.outbox.discard(envelope.eventId);
        await this.outbox.add({
          _id: envelope.eventId,
          topic: 'product.updated',
          payload: event,
          subjectId: id,
        });
      }
      let matched: number;
      try {
        const result = await this.products.updateOne(
          { _id: id, revision: current.revision ?? { $exists: false } },
          {
            $set: { ...set, revision, searchTerms: searchTermsOf({ ...current, ...set }) },
            $push: { audit: entry },
          },
          { runValidators: true },
        );
        matched = result.matchedCount;
      } catch (err) {
        if (this.outbox) await this.outbox.discard(envelope.eventId);
        throw duplicateOf(err) ?? err;
      }
      const after = await this.products.findById(id).select('+audit').lean<ProductDoc>();
      if (!after) return null;
      const { audit, ...doc } = after;
      if (matched > 0) this.onWritten(doc);
      if (audit?.some((e) => e.eventId === envelope.eventId)) {
        this.outbox?.wakeRelay();
        return doc;
      }
    }
    throw new Error(`product ${id} kept changing while it was being edited`);
  }

  /**
   * Every product (on sale or not) created in [from, to), oldest first, in batches of 200 read
   * by keyset (createdAt, _id), so an export holds one batch in memory, never the catalog.
   */
  async *createdBetween(from: Date, to: Date): AsyncGenerator<ProductDoc[]> {
    let after: { createdAt: Date; id: mongoose.Types.ObjectId } | null = null;
    for (;;) {
      const range = { createdAt: { $gte: from, $lt: to } };
      const filter: QueryFilter<ProductDoc> = after
        ? {
            ...range,
            $or: [
              { createdAt: { $gt: after.createdAt, $lt: to } },
              { createdAt: after.createdAt, _id: { $gt: after.id } },
            ],
          }
        : range;
      const batch: ProductDoc[] = await this.products
        .find(filter)
        .sort({ createdAt: 1, _id: 1 })
        .limit(200)
        .lean<ProductDoc[]>();
      if (batch.length > 0) yield batch;
      if (batch.length < 200) return;
      const last: ProductDoc = batch[batch.length - 1]!;
      after = { createdAt: last.createdAt, id: last._id };
    }
  }

  /** The product's audit trail, newest first, `limit` entries below revision `before`. */
  async audit(
    id: string,
    limit: number,
    before?: number,
  ): Promise<{ items: AuditDoc[]; next: number | null } | null> {
    if (!mongoose.isValidObjectId(id)) return null;
    const doc = await this.products.findById(id, { audit: 1 }).lean<ProductDoc>();
    if (!doc) return null;
    const newest = [...(doc.audit ?? [])]
      .filter((e) => before === undefined || e.revision < before)
      .sort((a, b) => b.revision - a.revision);
    const items = newest.slice(0, limit);
    return { items, next: newest.length > limit ? items[items.length - 1]!.revision : null };
  }

  /** For the relay: a `product.updated` is true once the product's audit trail holds its id. */
  async announces(event: PendingEvent): Promise<boolean> {
    if (!mongoose.isValidObjectId(event.subjectId)) return false;
    const doc = await this.products.findById(event.subjectId, { audit: 1 }).lean<Pick<ProductDoc, 'audit'>>();
    return doc?.audit?.some((e) => e.eventId === event._id) ?? false;
  }

  /**
   * Adds or removes units on the shelf, with the reason recorded in the ledger. Refused
   * (`'refused'`) when it would leave fewer units than are promised to open reservations.
   */
  async adjustStock(id: string, adjustment: Adjustment): Promise<StockBalance | 'refused'> {
    const { delta, reason, note, by } = adjustment;
    const result = await this.ledger.append(
      id,
      { kind: 'ADJUST', reason, note, by },
      (balance: StockBalance) => planAdjustment(balance, delta) ?? ('refused' as const),
      (p: Movement | 'refused'): p is Movement => p !== 'refused',
    );
    if (result.outcome === 'refused') return 'refused';
    await this.syncStock(id);
    return result.entry;
  }

  /**
   * Copies the ledger's balance onto the product for listings. Writers may race, so each
   * one checks after writing that the copy matches the ledger, and writes again if not:
   * the last writer always leaves the latest balance behind.
   */
  async syncStock(productId: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const balance = await this.ledger.balance(productId);
      const stock = { ...levelsOf(balance), seq: balance.seq };
      await this.products.updateOne({ _id: productId }, { $set: { stock } });
      this.onStockCopied(productId, stock);
      const after = await this.products
        .findById(productId, { 'stock.seq': 1 })
        .lean<Pick<ProductDoc, 'stock'>>();
      const latest = await this.ledger.balance(productId);
      if (!after || after.stock.seq === latest.seq) return;
    }
  }

  /** Told of each product this instance created or edited, as read back (the catalog read model). */
  onWritten: (doc: ProductDoc) => void = () => undefined;
  /** Told of each stock copy this instance wrote onto a product (the catalog read model). */
  onStockCopied: (productId: string, stock: ProductDoc['stock']) => void = () => undefined;

  /** Products whose copy is being synced in the background; `again` when a movement came meanwhile. */
  private readonly syncs = new Map<string, { again: boolean }>();
  /** Told when a background sync fails (the copy then waits for the product's next movement). */
  onSyncError: (err: unknown, productId: string) => void = () => undefined;

  /**
   * `syncStock` off the caller's path and coalesced per product: movements that arrive
   * while a sync runs cost one more sync in all, not one each. Reservations use it: the
   * ledger is the truth (detail pages and decisions read it), the copy serves listings.
   * Measured: each reservation spent 4+ FerretDB round trips here, inline, and checkouts of
   * one product raced each other's copies.
   */
  syncStockSoon(productId: string): void {
    const running = this.syncs.get(productId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: false };
    this.syncs.set(productId, state);
    void (async () => {
      try {
        do {
          state.again = false;
          await this.syncStock(productId);
        } while (state.again);
      } catch (err) {
        this.onSyncError(err, productId);
      } finally {
        this.syncs.delete(productId);
      }
    })();
  }

  /**
   * Loads the demo catalog into an empty database. Ids derive from skus and every write
   * is an insert that a duplicate key turns into a no-op, so two replicas starting together (or a restart half-way)
   * never duplicate or overwrite anything. `beforeInsert` runs first, only when the catalog is empty
   * (the server stores the products' pictures there, so no product points at a missing one).
   */
  async seedIfEmpty(products: CreateProduct[], beforeInsert?: () => Promise<void>): Promise<number> {
    if ((await this.products.estimatedDocumentCount()) > 0) return 0;
    await beforeInsert?.();
    const now = Date.now();
    const seeded = products.map((p, i) => ({ _id: seededId(p.sku), input: p, createdAt: new Date(now - i) }));
    const opening = seeded.map(({ _id, input }) => ({
      _id: slotOf(_id.toHexString(), 1),
      key: initialKey(_id.toHexString()),
      productId: _id.toHexString(),
      kind: 'INITIAL' as const,
      reason: 'opening stock',
      onHandDelta: input.onHand,
      reservedDelta: 0,
      seq: 1,
      onHand: input.onHand,
      reserved: 0,
      at: new Date(now),
    }));
    // Key documents before their entries, as the ledger writes them.
    await ignoreDuplicates(
      this.ledger.keys.insertMany(
        opening.map((e) => ({ _id: e.key, slot: e._id })),
        { ordered: false },
      ),
    );
    await ignoreDuplicates(this.ledger.entries.insertMany(opening, { ordered: false }));
    // One millisecond apart, so "newest" has a meaningful order in the demo shop.
    const result = await ignoreDuplicates(
      this.products.insertMany(
        seeded.map(({ _id, input, createdAt }) => ({ _id, ...newProductDoc(input, createdAt) })),
        { ordered: false },
      ),
    );
    return result?.length ?? 0;
  }

  /**
   * Demo products seeded by an earlier version point at a picture host that never existed
   * (`images.sidecart.example`); each gets its drawing, once `beforeReplace` has stored them. Only
   * products still showing that host change: an admin's picture stays.
   */
  async replaceSeedPictures(products: CreateProduct[], beforeReplace: () => Promise<void>): Promise<number> {
    const stale = await this.products
      .find({ images: { $regex: '^https://images\\.sidecart\\.example/' } }, { _id: 1 })
      .lean<{ _id: mongoose.Types.ObjectId }[]>();
    if (stale.length === 0) return 0;
    await beforeReplace();
    const ids = new Set(stale.map((doc) => doc._id.toHexString()));
    let replaced = 0;
    for (const product of products) {
      const id = seededId(product.sku).toHexString();
      // Audited as the shop's own start-up, not an admin's edit.
      if (ids.has(id) && (await this.update(id, { images: product.images }, 'seed'))) replaced += 1;
    }
    return replaced;
  }
}

/** A lost race on a unique index during seeding is another replica's identical insert. */
async function ignoreDuplicates<T>(write: Promise<T>): Promise<T | null> {
  try {
    return await write;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return null;
    throw err;
  }
}
