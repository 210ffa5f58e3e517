import { createHash } from 'node:crypto';
import mongoose, { Schema, type Connection } from 'mongoose';
import type { AdjustStock, CreateProduct, Currency, Product, UpdateProduct } from '@sidecart/contracts';
import { Refused } from '@sidecart/service-kit';
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
  createdAt: Date;
  updatedAt: Date;
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

/** Catalog writes: create, edit, archive, manual stock adjustments. */
export class ProductStore {
  constructor(
    readonly products: ProductModel,
    readonly ledger: StockLedger,
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

  async findBySlug(slug: string): Promise<ProductDoc | null> {
    return this.products.findOne({ slug }).lean<ProductDoc>();
  }

  async balance(productId: string): Promise<StockBalance> {
    return this.ledger.balance(productId);
  }

  /**
   * Applies an admin edit. On FerretDB a concurrent write to the same product (the stock
   * copy, see syncStock) can overwrite the whole document with what it read before this
   * edit, so the edit is read back and applied again if it was lost.
   */
  async update(id: string, changes: UpdateProduct): Promise<ProductDoc | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.findById(id);
      if (!current) return null;
      const set = { ...changes, searchTerms: searchTermsOf({ ...current, ...changes }) };
      try {
        await this.products.updateOne({ _id: id }, { $set: set }, { runValidators: true });
      } catch (err) {
        throw duplicateOf(err) ?? err;
      }
      const after = await this.findById(id);
      if (after) this.onWritten(after);
      if (!after || applied(after, changes)) return after;
    }
    throw new Error(`product ${id} kept changing while it was being edited`);
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
      if (ids.has(id) && (await this.update(id, { images: product.images }))) replaced += 1;
    }
    return replaced;
  }
}

const applied = (doc: ProductDoc, changes: UpdateProduct) =>
  Object.entries(changes).every(
    ([key, value]) => JSON.stringify(doc[key as keyof ProductDoc]) === JSON.stringify(value),
  );

/** A lost race on a unique index during seeding is another replica's identical insert. */
async function ignoreDuplicates<T>(write: Promise<T>): Promise<T | null> {
  try {
    return await write;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return null;
    throw err;
  }
}
