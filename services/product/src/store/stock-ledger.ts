import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Schema, type Connection } from 'mongoose';
import { applyMovement, EMPTY_BALANCE, type Movement, type StockBalance } from '../domain/stock';

export type MovementKind = 'INITIAL' | 'ADJUST' | 'HOLD' | 'RELEASE' | 'COMMIT';

/**
 * The stock ledger: one immutable entry per movement, numbered per product, each
 * carrying the balance after it. It exists because FerretDB 1.24 (SQLite) applies
 * concurrent updates of one document as read-modify-write without isolation: 50
 * concurrent `$inc` of one field were measured to add 5, and a guarded
 * `findOneAndUpdate` let all 50 callers through. What it does enforce atomically is a
 * unique index, so a movement is appended by inserting `seq = head + 1`: of two
 * writers that read the same head, exactly one insert succeeds and the other re-reads.
 * The same holds on MongoDB, so the code does not depend on the server.
 */
export type LedgerEntry = StockBalance &
  Movement & {
    /** Idempotency key: `<productId>:<orderId>:HOLD|SETTLE`, or unique per adjustment. */
    _id: string;
    productId: string;
    kind: MovementKind;
    orderId?: string;
    reason?: string;
    note?: string;
    by?: string;
    at: Date;
  };

const ledgerSchema = new Schema<LedgerEntry>(
  {
    _id: { type: String, required: true },
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
  { collection: 'stock_ledger', versionKey: false },
);
ledgerSchema.index({ productId: 1, seq: 1 }, { unique: true });

export const ledgerModel = (connection: Connection) =>
  connection.model<LedgerEntry>('StockLedger', ledgerSchema);
export type LedgerModel = ReturnType<typeof ledgerModel>;

export const holdKey = (productId: string, orderId: string) => `${productId}:${orderId}:HOLD`;
/** Commit and release share one key: an order's held units are either sold or returned, never both. */
export const settleKey = (productId: string, orderId: string) => `${productId}:${orderId}:SETTLE`;

export type AppendResult<R> =
  | { outcome: 'appended'; entry: LedgerEntry }
  | { outcome: 'exists'; entry: LedgerEntry }
  | { outcome: 'refused'; refusal: R };

type Details = Pick<LedgerEntry, 'kind'> & Partial<Pick<LedgerEntry, 'orderId' | 'reason' | 'note' | 'by'>>;

const MAX_ATTEMPTS = 200;

export class StockLedger {
  /**
   * The last head this process saw per product. Only a first guess for `append`: a head
   * that is no longer the last makes the insert of `seq + 1` collide, and the head is then
   * read again, so a stale guess costs a retry, never a wrong balance. It saves reading
   * the head (a sorted query) before most appends.
   */
  private readonly heads = new Map<string, StockBalance>();
  /** The append under way per product in this process: appends of one product queue behind it. */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(readonly entries: LedgerModel) {}

  async balance(productId: string): Promise<StockBalance> {
    const head = await this.entries
      .findOne({ productId }, { seq: 1, onHand: 1, reserved: 1 })
      .sort({ seq: -1 })
      .lean<StockBalance>();
    const balance = head ? { seq: head.seq, onHand: head.onHand, reserved: head.reserved } : EMPTY_BALANCE;
    const known = this.heads.get(productId);
    if (!known || known.seq <= balance.seq) this.heads.set(productId, balance);
    return balance;
  }

  async find(key: string): Promise<LedgerEntry | null> {
    return this.entries.findById(key).lean<LedgerEntry>();
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
    // would otherwise collide on `seq`, and each retry reads the head again (a scan on
    // FerretDB's SQLite backend), so n concurrent holds cost n² reads. In line, each append
    // finds the head it needs in `heads` and inserts at once. Other replicas may still
    // collide; the unique index keeps that correct.
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
      const existing = attempt === 1 ? null : await this.find(key);
      if (existing) return { outcome: 'exists', entry: existing };
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
      const entry: LedgerEntry = {
        _id: key,
        productId,
        ...details,
        ...movement,
        ...applyMovement(balance, movement),
        at: new Date(),
      };
      try {
        await this.entries.create(entry);
        this.heads.set(productId, { seq: entry.seq, onHand: entry.onHand, reserved: entry.reserved });
        return { outcome: 'appended', entry };
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        this.heads.delete(productId);
        // Someone appended first (same seq) or this key exists: look again, after a short random pause.
        await sleep(Math.random() * Math.min(50, 2 * attempt));
      }
    }
    throw new Error(`stock ledger of ${productId} too contended: gave up after ${MAX_ATTEMPTS} attempts`);
  }
}
