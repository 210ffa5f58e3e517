import mongoose, { type Connection } from 'mongoose';
import { Counter, metrics, Refused, type MongoOutbox, type PendingEvent } from '@sidecart/service-kit';
import type { OrderPlaced, Reservation as ReservationView, Topic } from '@sidecart/contracts';
import { stockRejected, stockReleased, stockReserved } from '../domain/events';
import {
  isRejected,
  mergeLines,
  planHold,
  planRevision,
  sweepStep,
  type Movement,
  type Rejected,
  type ReservationLine,
} from '../domain/stock';
import type { ProductStore } from './products';
import {
  decisionId,
  revisionId,
  settlementId,
  toReservationView,
  type OpenReservationModel,
  type OutcomeDoc,
  type OutcomeModel,
  type Rejection,
  type ReservationDoc,
  type ReservationModel,
  type RevisionDoc,
  type RevisionModel,
} from './reservations';
import {
  holdKey,
  returnedKey,
  returnKey,
  reviseKey,
  settleKey,
  undoKey,
  type StockLedger,
} from './stock-ledger';

/** The reservation is still being decided by another delivery: try this event again later. */
export class ReservationBusy extends Error {
  constructor(orderId: string) {
    super(`the reservation of order ${orderId} is still being decided`);
  }
}

export type StockReservationOptions = {
  ttlMs: number;
  stuckAfterMs: number;
};

export type ReservationModels = {
  reservations: ReservationModel;
  outcomes: OutcomeModel;
  open: OpenReservationModel;
  revisions: RevisionModel;
};

/** A revision asked of a reservation that is not held (not decided yet, rejected or settled). */
export class ReservationNotHeld extends Refused {
  constructor(orderId: string, state: string) {
    super('conflict', `the reservation of order ${orderId} is ${state}: it cannot be revised`);
  }
}

const isMovement = (p: Movement | Rejected): p is Movement => !isRejected(p);
const always = (_m: Movement): _m is Movement => true;
const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;
const ignoreDuplicate = (err: unknown) => {
  if (!isDuplicate(err)) throw err;
};

/**
 * Stock reservations with no multi-document transactions and no trust in concurrent
 * updates (FerretDB has neither): every step is an insert with a fixed key, so it
 * happens once however often it is tried, by however many workers.
 * - a hold is a ledger entry keyed `<product>:<order>:HOLD`, appended only if the balance
 *   allows it (stock-ledger.ts), so stock never goes below zero;
 * - an order's units are sold or returned once, under `<product>:<order>:SETTLE`;
 * - the decision (reserved / rejected) and the settlement (committed / released) are
 *   documents with fixed ids; the event announcing each goes through the outbox and is
 *   published once its document exists;
 * - an order stays on the open list (`reservations_open`) until nothing is left to do;
 *   the sweeper reads only that list.
 * Every read on the way of a checkout is a lookup by `_id`. A crash anywhere leaves work
 * the next delivery or the sweeper redoes safely.
 */
const OUTCOMES = ['RESERVED', 'REJECTED', 'COMMITTED', 'RELEASED'] as const satisfies OutcomeDoc['status'][];

const reservationOutcomes = new Counter({
  name: 'sidecart_stock_reservations_total',
  help: 'Reservation facts written by this process: reserved or rejected (the decision), committed or released (the settlement)',
  labelNames: ['outcome'] as const,
  registers: [metrics],
});
for (const status of OUTCOMES) reservationOutcomes.inc({ outcome: status.toLowerCase() }, 0);

export class StockReservations {
  private readonly reservations: ReservationModel;
  private readonly outcomes: OutcomeModel;
  private readonly open: OpenReservationModel;
  private readonly revisions: RevisionModel;

  constructor(
    private readonly store: ProductStore,
    private readonly ledger: StockLedger,
    models: ReservationModels,
    private readonly outbox: MongoOutbox,
    private readonly options: StockReservationOptions,
  ) {
    this.reservations = models.reservations;
    this.outcomes = models.outcomes;
    this.open = models.open;
    this.revisions = models.revisions;
  }

  /**
   * A new revision of a held reservation (the order was changed before payment): hold what
   * the new lines ask for beyond what is held, give back what they no longer ask for. Decided
   * once per (order, revision); a repeat answers the first decision and finishes its work.
   * The order service asks for one revision of an order at a time, and none once the order is
   * paid or cancelled, so no settlement runs beside it.
   */
  async revise(orderId: string, revision: number, lines: ReservationLine[]): Promise<RevisionDoc> {
    const earlier = await this.revisions.findById(revisionId(orderId, revision)).lean<RevisionDoc>();
    const [reservation, decision, settlement] = await Promise.all([
      this.reservations.findById(orderId).lean<ReservationDoc>(),
      this.outcome(decisionId(orderId)),
      this.outcome(settlementId(orderId)),
    ]);
    if (earlier) return this.finishRevision(reservation, earlier);
    if (!reservation || !decision) throw new ReservationNotHeld(orderId, 'not decided yet');
    if (decision.status === 'REJECTED') throw new ReservationNotHeld(orderId, 'rejected');
    if (settlement) throw new ReservationNotHeld(orderId, settlement.status.toLowerCase());
    if ((reservation.revision ?? 0) >= revision)
      throw new ReservationNotHeld(orderId, `at revision ${reservation.revision}`);

    const target = mergeLines(lines);
    const plan = planRevision(reservation.lines, target);
    let rejection: Rejection | undefined;
    for (const { productId, quantity } of plan.hold) {
      const product = await this.store.saleState(productId);
      const result = await this.ledger.append(
        productId,
        { kind: 'HOLD', orderId, reason: `revision ${revision}` },
        (balance) => planHold(product, balance, quantity),
        isMovement,
        reviseKey(productId, orderId, revision),
      );
      if (result.outcome === 'refused') {
        rejection = { productId, requested: quantity, ...result.refusal };
        break;
      }
    }
    if (!rejection) {
      for (const { productId, quantity } of plan.release) {
        await this.ledger.append(
          productId,
          { kind: 'RELEASE', orderId, reason: `revision ${revision}` },
          () => ({ onHandDelta: 0, reservedDelta: -quantity }),
          always,
          reviseKey(productId, orderId, revision),
        );
      }
    }
    const doc: RevisionDoc = {
      _id: revisionId(orderId, revision),
      orderId,
      revision,
      lines: target,
      status: rejection ? 'REJECTED' : 'RESERVED',
      rejections: rejection ? [rejection] : [],
      done: false,
      at: new Date(),
    };
    let decided = doc;
    try {
      await this.revisions.create(doc);
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      decided = (await this.revisions.findById(doc._id).lean<RevisionDoc>()) ?? doc;
    }
    return this.finishRevision(reservation, decided);
  }

  /**
   * A reserved revision becomes the reservation's lines (what a settlement sells or gives back);
   * a rejected one gives back every unit it moved, once per product (`undoKey`).
   */
  private async finishRevision(reservation: ReservationDoc | null, doc: RevisionDoc): Promise<RevisionDoc> {
    if (doc.done || !reservation) return doc;
    const products = [...new Set([...reservation.lines, ...doc.lines].map((l) => l.productId))];
    if (doc.status === 'RESERVED') {
      await this.reservations.updateOne(
        { _id: doc.orderId, $or: [{ revision: { $exists: false } }, { revision: { $lt: doc.revision } }] },
        { $set: { lines: doc.lines, revision: doc.revision } },
      );
    } else {
      for (const productId of products) {
        const moved = await this.ledger.find(reviseKey(productId, doc.orderId, doc.revision));
        if (!moved) continue;
        await this.ledger.append(
          productId,
          { kind: 'RELEASE', orderId: doc.orderId, reason: `revision ${doc.revision} undone` },
          () => ({ onHandDelta: 0, reservedDelta: -moved.reservedDelta }),
          always,
          undoKey(productId, doc.orderId, doc.revision),
        );
      }
    }
    await this.revisions.updateOne({ _id: doc._id }, { $set: { done: true } });
    this.syncStock(products.map((productId) => ({ productId, quantity: 0 })));
    return { ...doc, done: true };
  }

  /** `order.placed`: hold every line or none. Replays of the event (or of the order) change nothing. */
  async reserve(event: OrderPlaced): Promise<OutcomeDoc> {
    const reservation = await this.request(event);
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
    if (settlement) status = settlement.done || (await settledInLedger()) ? settlement.status : 'RESERVED';
    else if (decision?.status === 'RESERVED') status = 'RESERVED';
    else if (decision) status = decision.done || (await settledInLedger()) ? 'REJECTED' : 'RESERVING';
    return toReservationView(reservation, status, decision);
  }

  private outcome(id: string): Promise<OutcomeDoc | null> {
    return this.outcomes.findById(id).lean<OutcomeDoc>();
  }

  /** Puts the order on the open list, then writes what it asks for (once). */
  private async request(event: OrderPlaced): Promise<ReservationDoc> {
    const now = new Date();
    const reservation: ReservationDoc = {
      _id: event.orderId,
      lines: mergeLines(event.lines),
      eventIds: [event.eventId],
      expiresAt: new Date(now.getTime() + this.options.ttlMs),
      createdAt: now,
    };
    const existing = await this.reservations.findById(event.orderId).lean<ReservationDoc>();
    if (existing) return existing;
    await this.open
      .create({
        _id: event.orderId,
        // Looked at when its decision is overdue, or when its time is up, whichever comes first.
        due: new Date(now.getTime() + Math.min(this.options.stuckAfterMs, this.options.ttlMs)),
        createdAt: now,
      })
      .catch(ignoreDuplicate);
    try {
      await this.reservations.create(reservation);
      return reservation;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      const raced = await this.reservations.findById(event.orderId).lean<ReservationDoc>();
      if (!raced) throw err;
      return raced;
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

  /**
   * After a rejection, whatever this or a racing delivery held goes back on the shelf,
   * and the order leaves the open list. A reservation stays open until it is settled.
   */
  private async finishDecision(reservation: ReservationDoc, decision: OutcomeDoc): Promise<OutcomeDoc> {
    if (decision.status === 'REJECTED') {
      // Every time, not only the first: a racing delivery may have held a line after the
      // winner released (each line goes back once, under its SETTLE key).
      await this.settleLines(reservation, 'RELEASE', { allHeld: false });
      if (!decision.done) await this.outcomes.updateOne({ _id: decision._id }, { $set: { done: true } });
      await this.close(reservation._id);
    }
    this.syncStock(reservation.lines);
    return decision;
  }

  /** Holds a line; a rejection says why not. Holding twice for one order holds once (the key). */
  private async hold({ productId, quantity }: ReservationLine, orderId: string): Promise<Rejected | null> {
    const product = await this.store.saleState(productId);
    const result = await this.ledger.append(
      productId,
      { kind: 'HOLD', orderId },
      (balance) => planHold(product, balance, quantity),
      isMovement,
      holdKey(productId, orderId),
    );
    return result.outcome === 'refused' ? result.refusal : null;
  }

  /**
   * Sells or returns the units this order holds, product by product; each at most once.
   * After a RESERVED decision every line is held for its quantity; after a rejection only
   * the ledger knows which lines were held (by this delivery or a racing one).
   */
  private async settleLines(
    reservation: ReservationDoc,
    kind: 'COMMIT' | 'RELEASE',
    { allHeld }: { allHeld: boolean },
  ): Promise<void> {
    const orderId = reservation._id;
    for (const line of reservation.lines) {
      const { productId } = line;
      let quantity = line.quantity;
      if (!allHeld) {
        const held = await this.ledger.find(holdKey(productId, orderId));
        if (!held) continue;
        quantity = held.reservedDelta;
      }
      await this.ledger.append(
        productId,
        { kind, orderId },
        () => ({ onHandDelta: kind === 'COMMIT' ? -quantity : 0, reservedDelta: -quantity }),
        always,
        settleKey(productId, orderId),
      );
    }
  }

  /**
   * Writes a fact once; if another worker wrote it first, theirs is returned. Its event
   * goes to the outbox first and is published once the fact exists with that event's id
   * (see `outboxStore`), so a loser's event never goes out.
   */
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
    const announced = topic && event ? { topic, payload: event as unknown as Record<string, unknown> } : null;
    const doc: OutcomeDoc = {
      _id,
      orderId,
      step,
      status,
      rejections: [],
      ...rest,
      event: announced,
      // A reservation needs nothing more once decided; a rejection or settlement still moves stock.
      done: step === 'decision' && status === 'RESERVED',
      at: new Date(),
    };
    if (announced && event) {
      await this.outbox.add({
        _id: event.eventId,
        topic: announced.topic,
        payload: announced.payload,
        subjectId: _id,
      });
    }
    try {
      await this.outcomes.create(doc);
      if (announced) this.outbox.wakeRelay();
      // Counted by the worker whose fact this is: once per order and step, however many tried.
      reservationOutcomes.inc({ outcome: status.toLowerCase() });
      return doc;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      if (event) await this.outbox.discard(event.eventId);
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
   * `stock.released` is announced; the sold units of a confirmed order that is cancelled
   * are put back too. A cancellation that overtakes its `order.placed`
   * leaves a rejected decision behind, so the late `order.placed` holds nothing.
   */
  async release(
    orderId: string,
    reason: string,
    options: { cancelled: boolean },
  ): Promise<OutcomeDoc['status'] | 'RETURNED' | null> {
    const settled = await this.settle(orderId, 'RELEASED', reason, options.cancelled);
    if (options.cancelled && settled?.status === 'COMMITTED') {
      // Sold, then cancelled before it shipped (the order service allows no later
      // cancellation): the units never left the shelf, so they count again, once.
      await this.restock(orderId);
      return 'RETURNED';
    }
    return settled?.status ?? null;
  }

  /**
   * `order.refunded` of a return: the returned lines' units are back on the shelf, once per
   * return and product (the ledger's key), however often the event is delivered.
   */
  async returned(event: { orderId: string; refundId: string; lines: ReservationLine[] }): Promise<void> {
    for (const { productId, quantity } of event.lines) {
      await this.ledger.append(
        productId,
        { kind: 'RETURN', orderId: event.orderId, reason: 'returned after delivery' },
        () => ({ onHandDelta: quantity, reservedDelta: 0 }),
        always,
        returnedKey(productId, event.orderId, event.refundId),
      );
    }
    this.syncStock(event.lines);
  }

  private async restock(orderId: string): Promise<void> {
    const reservation = await this.reservations.findById(orderId).lean<ReservationDoc>();
    if (!reservation) return;
    for (const { productId, quantity } of reservation.lines) {
      await this.ledger.append(
        productId,
        { kind: 'RETURN', orderId },
        () => ({ onHandDelta: quantity, reservedDelta: 0 }),
        always,
        returnKey(productId, orderId),
      );
    }
    this.syncStock(reservation.lines);
  }

  private async settle(
    orderId: string,
    status: 'COMMITTED' | 'RELEASED',
    reason: string,
    tombstoneIfUnknown = false,
  ): Promise<OutcomeDoc | null> {
    const [reservation, decision] = await Promise.all([
      this.reservations.findById(orderId).lean<ReservationDoc>(),
      this.outcome(decisionId(orderId)),
    ]);
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
          done: true,
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
    if (!settlement.done) {
      await this.settleLines(reservation, settlement.status === 'COMMITTED' ? 'COMMIT' : 'RELEASE', {
        allHeld: true,
      });
      await this.outcomes.updateOne({ _id: settlement._id }, { $set: { done: true } });
    }
    await this.close(orderId);
    this.syncStock(reservation.lines);
    return settlement;
  }

  /** Takes the order off the open list: nothing is left to do for its reservation. */
  private async close(orderId: string): Promise<void> {
    await this.open.deleteOne({ _id: orderId });
  }

  /** The listing copy follows the ledger in the background (see `ProductStore.syncStockSoon`). */
  private syncStock(lines: ReservationLine[]): void {
    for (const { productId } of lines) {
      if (mongoose.isValidObjectId(productId)) this.store.syncStockSoon(productId);
    }
  }

  /**
   * The sweeper's work: release reservations whose time ran out, and finish work a
   * crashed worker left half-way. It reads the open list only (as long as the checkouts
   * in flight), and looks at an order when it is due. Returns how much it handled.
   */
  async sweep(now = new Date()): Promise<number> {
    // The whole list (as long as the checkouts in flight): a limit would let the first
    // thousand waiting orders hide the ones behind them, and FerretDB reads it all anyway.
    const due = (await this.open.find({}, { due: 1 }).lean<{ _id: string; due: Date }[]>()).filter(
      (o) => o.due <= now,
    );
    for (const { _id: orderId } of due.slice(0, 50)) await this.sweepOne(orderId, now);
    return Math.min(due.length, 50);
  }

  private async sweepOne(orderId: string, now: Date): Promise<void> {
    const [reservation, decision, settlement] = await Promise.all([
      this.reservations.findById(orderId).lean<ReservationDoc>(),
      this.outcome(decisionId(orderId)),
      this.outcome(settlementId(orderId)),
    ]);
    const step = sweepStep({
      requested: reservation !== null,
      decision: decision ? { status: decision.status as 'RESERVED' | 'REJECTED', done: decision.done } : null,
      settlement: settlement ? { done: settlement.done } : null,
      expired: reservation !== null && reservation.expiresAt <= now,
    });
    switch (step) {
      case 'decide':
        await this.decide(reservation!);
        return;
      case 'finish-decision':
        await this.finishDecision(reservation!, decision!);
        return;
      case 'release':
        await this.release(orderId, 'reservation timed out', { cancelled: false });
        return;
      case 'finish-settlement':
        await this.settle(orderId, settlement!.status as 'COMMITTED' | 'RELEASED', settlement!.reason ?? '');
        return;
      case 'wait-until-expiry':
        await this.open.updateOne({ _id: orderId }, { $set: { due: reservation!.expiresAt } });
        return;
      case 'close':
        await this.close(orderId);
    }
  }

  /** For the relay: a stock event goes out once the fact it announces exists with its id. */
  async announces(event: PendingEvent): Promise<boolean> {
    const fact = await this.outcomes
      .findById(event.subjectId, { event: 1 })
      .lean<Pick<OutcomeDoc, 'event'>>();
    return fact?.event?.payload.eventId === event._id;
  }

  /**
   * Once, at start: brings a catalog written by the first version (events kept in the
   * outcomes, flagged `published`; no open list) to this one.
   */
  async migrate(connection: Connection): Promise<{ events: number; open: number }> {
    // Done once per catalog, recorded by _id: a later start costs one lookup, not a scan of
    // every outcome (FerretDB filters `$exists` in Go; 200,000 outcomes after the bench's seed).
    const done = connection.collection<{ _id: string }>('migrations');
    const MIGRATION = 'reservations-by-id';
    if (await done.findOne({ _id: MIGRATION })) return { events: 0, open: 0 };
    const outcomes = connection.collection<Record<string, unknown>>('reservation_outcomes');
    const legacy = await outcomes.countDocuments({ published: { $exists: true } });
    if (legacy === 0) {
      await done.insertOne({ _id: MIGRATION }).catch(ignoreDuplicate);
      return { events: 0, open: 0 };
    }
    let events = 0;
    for await (const o of outcomes.find({ published: false })) {
      const event = o.event as OutcomeDoc['event'];
      if (!event) continue;
      await this.outbox.add({
        _id: String(event.payload.eventId),
        topic: event.topic,
        payload: event.payload,
        subjectId: String(o._id),
      });
      events++;
    }
    let open = 0;
    const now = new Date();
    for await (const r of connection.collection<Record<string, unknown>>('reservations').find({})) {
      const orderId = String(r._id);
      if (await this.outcome(settlementId(orderId))) continue;
      const decision = await this.outcome(decisionId(orderId));
      if (decision?.status === 'REJECTED' && decision.done) continue;
      await this.open.create({ _id: orderId, due: now, createdAt: now }).catch(ignoreDuplicate);
      open++;
    }
    await outcomes.updateMany({}, { $unset: { published: '', settled: '' } });
    await done.insertOne({ _id: MIGRATION }).catch(ignoreDuplicate);
    return { events, open };
  }
}
