import mongoose from 'mongoose';
import { mongoOutbox, type OutboxStore } from '@sidecart/service-kit';
import type { OrderPlaced, Reservation as ReservationView, Topic } from '@sidecart/contracts';
import { stockRejected, stockReleased, stockReserved } from '../domain/events';
import {
  isRejected,
  mergeLines,
  planHold,
  type Movement,
  type Rejected,
  type ReservationLine,
} from '../domain/stock';
import type { ProductDoc, ProductStore } from './products';
import {
  decisionId,
  settlementId,
  toReservationView,
  type OutcomeDoc,
  type OutcomeModel,
  type Rejection,
  type ReservationDoc,
  type ReservationModel,
} from './reservations';
import { holdKey, settleKey, type StockLedger } from './stock-ledger';

/** The reservation is still being decided by another delivery: try this event again later. */
export class ReservationBusy extends Error {
  constructor(orderId: string) {
    super(`the reservation of order ${orderId} is still being decided`);
  }
}

export type StockReservationOptions = {
  ttlMs: number;
  stuckAfterMs: number;
  /** Called when an event was written for the relay (to wake it at once). */
  onEventRecorded?: () => void;
};

const isMovement = (p: Movement | Rejected): p is Movement => !isRejected(p);
const always = (_m: Movement): _m is Movement => true;
const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * Stock reservations with no multi-document transactions and no trust in concurrent
 * updates (FerretDB has neither): every step is an insert with a fixed key, so it
 * happens once however often it is tried, by however many workers.
 * - a hold is a ledger entry `<product>:<order>:HOLD`, appended only if the balance
 *   allows it (stock-ledger.ts), so stock never goes below zero;
 * - an order's units are sold or returned once, under `<product>:<order>:SETTLE`;
 * - the decision (reserved / rejected) and the settlement (committed / released) are
 *   documents with fixed ids, carrying the event that announces them.
 * A crash anywhere leaves work the next delivery or the sweeper redoes safely.
 */
export class StockReservations {
  constructor(
    private readonly store: ProductStore,
    private readonly ledger: StockLedger,
    private readonly reservations: ReservationModel,
    private readonly outcomes: OutcomeModel,
    private readonly options: StockReservationOptions,
  ) {}

  /** `order.placed`: hold every line or none. Replays of the event (or of the order) change nothing. */
  async reserve(event: OrderPlaced): Promise<OutcomeDoc> {
    const reservation = await this.open(event);
    return this.decide(reservation);
  }

  /**
   * Where an order's stock stands. A decision or settlement counts once the stock
   * movements it implies are in the ledger, so a caller who sees RELEASED also sees the
   * units back on the shelf.
   */
  async view(orderId: string) {
    const reservation = await this.reservations.findById(orderId).lean<ReservationDoc>();
    if (!reservation) return null;
    const [decision, settlement] = await Promise.all([
      this.outcome(decisionId(orderId)),
      this.outcome(settlementId(orderId)),
    ]);
    const settledInLedger = async () => {
      for (const { productId } of reservation.lines) {
        const held = await this.ledger.find(holdKey(productId, orderId));
        if (held && !(await this.ledger.find(settleKey(productId, orderId)))) return false;
      }
      return true;
    };
    let status: ReservationView['status'] = 'RESERVING';
    if (settlement) status = (await settledInLedger()) ? settlement.status : 'RESERVED';
    else if (decision?.status === 'RESERVED') status = 'RESERVED';
    else if (decision) status = (await settledInLedger()) ? 'REJECTED' : 'RESERVING';
    return toReservationView(reservation, status, decision);
  }

  private outcome(id: string): Promise<OutcomeDoc | null> {
    return this.outcomes.findById(id).lean<OutcomeDoc>();
  }

  private async open(event: OrderPlaced): Promise<ReservationDoc> {
    const reservation: ReservationDoc = {
      _id: event.orderId,
      lines: mergeLines(event.lines),
      eventIds: [event.eventId],
      expiresAt: new Date(Date.now() + this.options.ttlMs),
      decided: false,
      createdAt: new Date(),
    };
    try {
      await this.reservations.create(reservation);
      return reservation;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      const existing = await this.reservations.findById(event.orderId).lean<ReservationDoc>();
      if (!existing) throw err;
      return existing;
    }
  }

  private async decide(reservation: ReservationDoc): Promise<OutcomeDoc> {
    const orderId = reservation._id;
    const earlier = await this.outcome(decisionId(orderId));
    if (earlier) return this.finishDecision(reservation, earlier);

    let failure: { line: ReservationLine; rejection: Rejected } | undefined;
    for (const line of reservation.lines) {
      const rejection = await this.hold(line, orderId);
      if (rejection) {
        failure = { line, rejection };
        break;
      }
    }

    const decision = failure
      ? await this.record(orderId, 'decision', 'REJECTED', 'stock.rejected', (id) => {
          // Lines after the first failure are not tried: holding them only to give them back helps nobody.
          const rejections: Rejection[] = [
            { productId: failure.line.productId, requested: failure.line.quantity, ...failure.rejection },
          ];
          return { rejections, event: stockRejected(id, rejections) };
        })
      : await this.record(orderId, 'decision', 'RESERVED', 'stock.reserved', (id) => ({
          expiresAt: reservation.expiresAt,
          event: stockReserved(id, reservation.lines),
        }));
    return this.finishDecision(reservation, decision);
  }

  /** After a rejection, whatever this or a racing delivery held goes back on the shelf. */
  private async finishDecision(reservation: ReservationDoc, decision: OutcomeDoc): Promise<OutcomeDoc> {
    if (!decision.done) {
      if (decision.status === 'REJECTED') await this.settleLines(reservation, 'RELEASE');
      await this.outcomes.updateOne({ _id: decision._id }, { $set: { done: true } });
    }
    if (!reservation.decided)
      await this.reservations.updateOne({ _id: reservation._id }, { $set: { decided: true } });
    await this.syncStock(reservation.lines);
    return decision;
  }

  /** Holds a line; a rejection says why not. Holding twice for one order holds once. */
  private async hold({ productId, quantity }: ReservationLine, orderId: string): Promise<Rejected | null> {
    const product = mongoose.isValidObjectId(productId)
      ? await this.store.products.findById(productId, { active: 1 }).lean<Pick<ProductDoc, 'active'>>()
      : null;
    // Units this order already gave back (a racing rejection) are never held again.
    if (product && (await this.ledger.find(settleKey(productId, orderId)))) {
      return { reason: 'INSUFFICIENT_STOCK', available: 0 };
    }
    const result = await this.ledger.append(
      productId,
      { kind: 'HOLD', orderId },
      (balance) => planHold(product, balance, quantity),
      isMovement,
      holdKey(productId, orderId),
    );
    return result.outcome === 'refused' ? result.refusal : null;
  }

  /** Sells or returns the units this order holds, product by product; each at most once. */
  private async settleLines(reservation: ReservationDoc, kind: 'COMMIT' | 'RELEASE'): Promise<void> {
    const orderId = reservation._id;
    for (const { productId } of reservation.lines) {
      const held = await this.ledger.find(holdKey(productId, orderId));
      if (!held) continue;
      const quantity = held.reservedDelta;
      await this.ledger.append(
        productId,
        { kind, orderId },
        () => ({ onHandDelta: kind === 'COMMIT' ? -quantity : 0, reservedDelta: -quantity }),
        always,
        settleKey(productId, orderId),
      );
    }
  }

  /** Writes a fact once; if another worker wrote it first, theirs is returned. */
  private async record(
    orderId: string,
    step: OutcomeDoc['step'],
    status: OutcomeDoc['status'],
    topic: Topic | null,
    build: (orderId: string) => Partial<Pick<OutcomeDoc, 'rejections' | 'expiresAt' | 'reason'>> & {
      event?: { eventId: string };
    },
  ): Promise<OutcomeDoc> {
    const _id = step === 'decision' ? decisionId(orderId) : settlementId(orderId);
    const { event, ...rest } = build(orderId);
    const doc: OutcomeDoc = {
      _id,
      orderId,
      step,
      status,
      rejections: [],
      ...rest,
      event: topic && event ? { topic, payload: event as unknown as Record<string, unknown> } : null,
      published: !(topic && event),
      done: false,
      settled: false,
      at: new Date(),
    };
    try {
      await this.outcomes.create(doc);
      if (!doc.published) this.options.onEventRecorded?.();
      return doc;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      const existing = await this.outcome(_id);
      if (!existing) throw err;
      return existing;
    }
  }

  /** `order.confirmed`: the held units are sold. Returns the final status, or null for an unknown order. */
  async commit(orderId: string): Promise<OutcomeDoc['status'] | null> {
    const settled = await this.settle(orderId, 'COMMITTED', 'order confirmed');
    return settled?.status ?? null;
  }

  /**
   * `order.cancelled` or a timeout: the held units go back on the shelf and
   * `stock.released` is announced. A cancellation that overtakes its `order.placed`
   * leaves a rejected decision behind, so the late `order.placed` holds nothing.
   */
  async release(
    orderId: string,
    reason: string,
    options: { cancelled: boolean },
  ): Promise<OutcomeDoc['status'] | null> {
    const settled = await this.settle(orderId, 'RELEASED', reason, options.cancelled);
    return settled?.status ?? null;
  }

  private async settle(
    orderId: string,
    status: 'COMMITTED' | 'RELEASED',
    reason: string,
    tombstoneIfUnknown = false,
  ): Promise<OutcomeDoc | null> {
    const reservation = await this.reservations.findById(orderId).lean<ReservationDoc>();
    const decision = await this.outcome(decisionId(orderId));
    if (!decision) {
      if (reservation) throw new ReservationBusy(orderId);
      if (!tombstoneIfUnknown) return null;
      try {
        await this.outcomes.create({
          _id: decisionId(orderId),
          orderId,
          step: 'decision',
          status: 'REJECTED',
          rejections: [],
          reason: 'order cancelled before its stock was reserved',
          event: null,
          published: true,
          done: true,
          settled: true,
          at: new Date(),
        });
        return null;
      } catch (err) {
        // order.placed decided meanwhile: the next delivery of this event settles it.
        if (isDuplicate(err)) throw new ReservationBusy(orderId);
        throw err;
      }
    }
    if (decision.status === 'REJECTED' || !reservation) return decision;

    const settlement = await this.record(
      orderId,
      'settlement',
      status,
      status === 'RELEASED' ? 'stock.released' : null,
      (id) => ({
        reason,
        event: status === 'RELEASED' ? stockReleased(id, reason) : undefined,
      }),
    );
    if (!decision.settled) await this.outcomes.updateOne({ _id: decision._id }, { $set: { settled: true } });
    if (!settlement.done) {
      await this.settleLines(reservation, settlement.status === 'COMMITTED' ? 'COMMIT' : 'RELEASE');
      await this.outcomes.updateOne({ _id: settlement._id }, { $set: { done: true } });
    }
    await this.syncStock(reservation.lines);
    return settlement;
  }

  /** The listing copy follows the ledger in the background (see `ProductStore.syncStockSoon`). */
  private async syncStock(lines: ReservationLine[]): Promise<void> {
    for (const { productId } of lines) {
      if (mongoose.isValidObjectId(productId)) this.store.syncStockSoon(productId);
    }
  }

  /**
   * The sweeper's work: release reservations whose time ran out, and finish work a
   * crashed worker left half-way. Returns how much it handled (for startLoop).
   */
  async sweep(now = new Date()): Promise<number> {
    const expired = await this.outcomes
      .find({ step: 'decision', status: 'RESERVED', settled: false, expiresAt: { $lt: now } }, { orderId: 1 })
      .limit(50)
      .lean<Pick<OutcomeDoc, 'orderId'>[]>();
    for (const { orderId } of expired)
      await this.release(orderId, 'reservation timed out', { cancelled: false });

    const staleBefore = new Date(now.getTime() - this.options.stuckAfterMs);
    const undecided = await this.reservations
      .find({ decided: false, createdAt: { $lt: staleBefore } })
      .limit(50)
      .lean<ReservationDoc[]>();
    for (const reservation of undecided) await this.decide(reservation);

    const unfinished = await this.outcomes
      .find({ done: false, at: { $lt: staleBefore } })
      .limit(50)
      .lean<OutcomeDoc[]>();
    for (const outcome of unfinished) {
      if (outcome.step === 'settlement') {
        await this.settle(outcome.orderId, outcome.status as 'COMMITTED' | 'RELEASED', outcome.reason ?? '');
      } else {
        const reservation = await this.reservations.findById(outcome.orderId).lean<ReservationDoc>();
        if (reservation) await this.finishDecision(reservation, outcome);
      }
    }
    return expired.length + undecided.length + unfinished.length;
  }

  /** Where the events of decisions and settlements wait for the relay (see `mongoOutbox`). */
  outbox(): OutboxStore {
    return mongoOutbox({
      pending: async (limit) => {
        const docs = await this.outcomes
          .find({ published: false })
          .sort({ at: 1 })
          .limit(limit)
          .lean<OutcomeDoc[]>();
        return {
          ready: docs.flatMap((d) =>
            d.event ? [{ id: d._id, topic: d.event.topic as Topic, payload: d.event.payload }] : [],
          ),
        };
      },
      // One update per id: FerretDB's SQLite backend looks documents up by _id, but scans for $in.
      markPublished: async (ids) => {
        for (const _id of ids) await this.outcomes.updateOne({ _id }, { $set: { published: true } });
      },
    });
  }
}
