import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Schema, type Connection } from 'mongoose';
import { applyMovement, EMPTY_BALANCE, type Movement, type StockBalance } from '../domain/stock';

export type MovementKind = 'INITIAL' | 'ADJUST' | 'HOLD' | 'RELEASE' | 'COMMIT' | 'RETURN';

/**
 * The stock ledger: one immutable entry per movement, numbered per product, each
 * carrying the balance after it. It exists because FerretDB 1.24 applies concurrent
 * updates of one document as read-modify-write without isolation: 50 concurrent `$inc`
 * of one field were measured to add 5, and a guarded `findOneAndUpdate` let all 50
 * callers through. What it does enforce atomically is a unique key, so a movement is
 * appended by inserting the entry `<productId>:<seq + 1>`: of two writers that read the
 * same head, exactly one insert succeeds and the other reads the head again. The same
 * holds on MongoDB, so the code does not depend on the server.
 *
 * Every read is a lookup by `_id`, the one index FerretDB's PostgreSQL backend uses
 * (with the project's patch, scripts/patches): the head is found by stepping from the
 * last seq this process saw (or the product's stock copy) to the first free number, and
 * a movement's idempotency key (`<product>:<order>:HOLD|SETTLE`) has a document of its
 * own, `stock_movement_keys`, written before its entry and naming it. Measured before, with entries keyed by
 * idempotency key and the head found by `find({productId}).sort({seq: -1})`: FerretDB
 * filters that in Go over every entry of every product, so each head read grew with the
 * shop's whole history.
 */
export type LedgerEntry = StockBalance &
  Movement & {
    /** `<productId>:<seq>`: the slot; two movements never share one. */
    _id: string;
    /** Idempotency key: `<productId>:<orderId>:HOLD|SETTLE`, or unique per adjustment. */
    key: string;
    productId: string;
    kind: MovementKind;
    orderId?: string;
    reason?: string;
    note?: string;
    by?: string;
    at: Date;
  };

/** Where the entry of an idempotency key is (or is about to be): written before the entry. */
type KeyDoc = { _id: string; slot: string };

const ledgerSchema = new Schema<LedgerEntry>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    productId: { type: String, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, required: true },
    orderId: String,
    onHandDelta: { type: Number, required: true },
    reservedDelta: { type: Number, required: true },
    onHand: { type: Number, required: true },
    reserved: { type: Number, required: true },
    reason: String,
    note: String,
    by: String,
    at: { type: Date, required: true },
  },
  { collection: 'stock_movements', versionKey: false },
);
// The guarantee that a key moves stock once, whatever the order of the two writes.
ledgerSchema.index({ key: 1 }, { unique: true });

const keySchema = new Schema<KeyDoc>(
  { _id: { type: String, required: true }, slot: { type: String, required: true } },
  { collection: 'stock_movement_keys', versionKey: false },
);

export const ledgerModel = (connection: Connection) =>
  connection.model<LedgerEntry>('StockMovement', ledgerSchema);
export const ledgerKeyModel = (connection: Connection) =>
  connection.model<KeyDoc>('StockMovementKey', keySchema);
export type LedgerModel = ReturnType<typeof ledgerModel>;
export type LedgerKeyModel = ReturnType<typeof ledgerKeyModel>;

export const slotOf = (productId: string, seq: number) => `${productId}:${seq}`;
export const holdKey = (productId: string, orderId: string) => `${productId}:${orderId}:HOLD`;
/** Commit and release share one key: an order's held units are either sold or returned, never both. */
export const settleKey = (productId: string, orderId: string) => `${productId}:${orderId}:SETTLE`;
/** Units of a sold order put back on the shelf when it is cancelled before it ships. */
export const returnKey = (productId: string, orderId: string) => `${productId}:${orderId}:RETURN`;
/** Units of a delivered order that came back (a return, named by its refund): once per product and return. */
export const returnedKey = (productId: string, orderId: string, refundId: string) =>
  `${productId}:${orderId}:RETURN:${refundId}`;
/** The units a revision of the order's reservation held or gave back (one movement per product and revision). */
export const reviseKey = (productId: string, orderId: string, revision: number) =>
  `${productId}:${orderId}:REVISE:${revision}`;
/** A rejected revision's movement undone. */
export const undoKey = (productId: string, orderId: string, revision: number) =>
  `${productId}:${orderId}:UNDO:${revision}`;
export const initialKey = (productId: string) => `${productId}:INITIAL`;

export type AppendResult<R> =
  | { outcome: 'appended'; entry: LedgerEntry }
  | { outcome: 'exists'; entry: LedgerEntry }
  | { outcome: 'refused'; refusal: R };

type Details = Pick<LedgerEntry, 'kind'> & Partial<Pick<LedgerEntry, 'orderId' | 'reason' | 'note' | 'by'>>;

const MAX_ATTEMPTS = 200;
const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;
const balanceOf = (e: StockBalance): StockBalance => ({ seq: e.seq, onHand: e.onHand, reserved: e.reserved });

export class StockLedger {
  /**
   * The last head this process saw per product: where the search for the head starts. A
   * head that is no longer the last costs one more lookup (or, for an append, a collision
   * and a retry), never a wrong balance.
   */
  private readonly heads = new Map<string, StockBalance>();
  /** The append under way per product in this process: appends of one product queue behind it. */
  private readonly tails = new Map<string, Promise<unknown>>();

  /**
   * @param hint a seq known to be written for the product, or 0 (the product's stock
   *   copy carries the seq it was copied from): where a process that has not seen the
   *   product yet starts looking for its head.
   */
  constructor(
    readonly entries: LedgerModel,
    readonly keys: LedgerKeyModel,
    private readonly hint: (productId: string) => Promise<number> = async () => 0,
  ) {}

  /** The product's balance after its last movement (every movement so far counts). */
  async balance(productId: string): Promise<StockBalance> {
    let head = this.heads.get(productId) ?? null;
    if (!head) {
      const from = await this.hint(productId);
      const entry =
        from > 0 ? await this.entries.findById(slotOf(productId, from)).lean<LedgerEntry>() : null;
      head = entry ? balanceOf(entry) : EMPTY_BALANCE;
    }
    for (;;) {
      const next = await this.entries.findById(slotOf(productId, head.seq + 1)).lean<LedgerEntry>();
      if (!next) break;
      head = balanceOf(next);
    }
    this.remember(productId, head);
    return head;
  }

  private remember(productId: string, head: StockBalance): void {
    const known = this.heads.get(productId);
    if (!known || known.seq <= head.seq) this.heads.set(productId, head);
  }

  /**
   * The movement made under `key`, if any. A key's document is written before its entry
   * (`claim`), so a key without one never moved stock: the common answer costs one lookup.
   */
  async find(key: string): Promise<LedgerEntry | null> {
    const pointer = await this.keys.findById(key).lean<KeyDoc>();
    if (!pointer) return null;
    const entry = await this.entries.findById(pointer.slot).lean<LedgerEntry>();
    if (entry?.key === key) return entry;
    // Claimed, but its entry is elsewhere (a writer that moved on to the next number) or
    // nowhere yet (a writer mid-way, or one that crashed): look for it, a scan on this rare path.
    const found = await this.entries.findOne({ key }).lean<LedgerEntry>();
    if (found) await this.keys.updateOne({ _id: key }, { $set: { slot: found._id } });
    return found;
  }

  /**
   * Points `key` at the slot its entry is about to take. Returns the entry when the key
   * has moved stock already (a redelivery), null when the caller should write it.
   */
  private async claim(key: string, slot: string): Promise<LedgerEntry | null> {
    try {
      await this.keys.create({ _id: key, slot });
      return null;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
    }
    const pointer = await this.keys.findById(key).lean<KeyDoc>();
    if (pointer && pointer.slot !== slot) {
      const there = await this.entries.findById(pointer.slot).lean<LedgerEntry>();
      if (there?.key === key) return there;
      await this.keys.updateOne({ _id: key }, { $set: { slot } });
    }
    return null;
  }

  /**
   * Appends the movement `plan` decides on from the current balance, or returns its
   * refusal. With a `key`, the movement happens at most once: a second call returns the
   * entry already written.
   */
  async append<R>(
    productId: string,
    details: Details,
    plan: (balance: StockBalance) => Movement | R,
    isMovement: (p: Movement | R) => p is Movement,
    key = `${productId}:${details.kind}:${randomUUID()}`,
  ): Promise<AppendResult<R>> {
    // One append per product at a time in this process: concurrent checkouts of one product
    // would otherwise collide on the slot and each retry would look for the head again.
    // In line, each append finds the head it needs in `heads` and inserts at once. Other
    // replicas may still collide; the unique slot keeps that correct.
    const previous = this.tails.get(productId) ?? Promise.resolve();
    const run = previous.then(
      () => this.appendNow(productId, details, plan, isMovement, key),
      () => this.appendNow(productId, details, plan, isMovement, key),
    );
    const tail = run.catch(() => undefined);
    this.tails.set(productId, tail);
    void tail.then(() => {
      if (this.tails.get(productId) === tail) this.tails.delete(productId);
    });
    return run;
  }

  private async appendNow<R>(
    productId: string,
    details: Details,
    plan: (balance: StockBalance) => Movement | R,
    isMovement: (p: Movement | R) => p is Movement,
    key: string,
  ): Promise<AppendResult<R>> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const guess = attempt === 1 ? this.heads.get(productId) : undefined;
      const balance = guess ?? (await this.balance(productId));
      const movement = plan(balance);
      if (!isMovement(movement) && guess) {
        // Refused on a guess: decide again on the real head.
        this.heads.delete(productId);
        continue;
      }
      if (!isMovement(movement)) {
        // The key may have been written by another worker since: that answer wins.
        const written = await this.find(key);
        return written ? { outcome: 'exists', entry: written } : { outcome: 'refused', refusal: movement };
      }
      const after = applyMovement(balance, movement);
      const entry: LedgerEntry = {
        _id: slotOf(productId, after.seq),
        key,
        productId,
        ...details,
        ...movement,
        ...after,
        at: new Date(),
      };
      const earlier = await this.claim(key, entry._id);
      if (earlier) return { outcome: 'exists', entry: earlier };
      try {
        await this.entries.create(entry);
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        this.heads.delete(productId);
        // Either the slot is taken (another movement came first: look for the head again)
        // or this key already moved stock (a redelivery: that entry is the answer).
        const taken = await this.entries.findById(entry._id).lean<LedgerEntry>();
        if (!taken || taken.key === key) {
          const existing = taken ?? (await this.find(key));
          if (existing) return { outcome: 'exists', entry: existing };
        }
        await sleep(Math.random() * Math.min(50, 2 * attempt));
        continue;
      }
      this.remember(productId, balanceOf(entry));
      return { outcome: 'appended', entry };
    }
    throw new Error(`stock ledger of ${productId} too contended: gave up after ${MAX_ATTEMPTS} attempts`);
  }

  /**
   * Moves entries of the first ledger (`stock_ledger`, keyed by idempotency key) into this
   * one, once, at start. Returns how many it moved.
   */
  async migrateFrom(connection: Connection): Promise<number> {
    const old = connection.collection<Record<string, unknown>>('stock_ledger');
    if ((await old.estimatedDocumentCount()) === 0) return 0;
    let moved = 0;
    const batch: LedgerEntry[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      // Key documents first, as `claim` writes them: a key without one never moved stock.
      await this.keys
        .insertMany(
          batch.map((e) => ({ _id: e.key, slot: e._id })),
          { ordered: false },
        )
        .catch((err) => {
          if (!isDuplicate(err)) throw err;
        });
      await this.entries.insertMany(batch, { ordered: false }).catch((err) => {
        if (!isDuplicate(err)) throw err;
      });
      moved += batch.length;
      batch.length = 0;
    };
    for await (const doc of old.find({}).sort({ productId: 1, seq: 1 })) {
      const { _id, ...rest } = doc as unknown as LedgerEntry;
      batch.push({ ...rest, _id: slotOf(rest.productId, rest.seq), key: String(_id) });
      if (batch.length === 500) await flush();
    }
    await flush();
    await old.drop();
    return moved;
  }
}
