import type { StockRejected } from '@sidecart/contracts';

/** Stock of one product as its ledger's latest entry states it. */
export type StockBalance = { seq: number; onHand: number; reserved: number };
export type StockLevels = { onHand: number; reserved: number; available: number };
export type RejectionReason = StockRejected['lines'][number]['reason'];
export type ReservationLine = { productId: string; quantity: number };
export type Movement = { onHandDelta: number; reservedDelta: number };

export const EMPTY_BALANCE: StockBalance = { seq: 0, onHand: 0, reserved: 0 };

export const levelsOf = (b: Pick<StockBalance, 'onHand' | 'reserved'>): StockLevels => ({
  onHand: b.onHand,
  reserved: b.reserved,
  available: b.onHand - b.reserved,
});

/** The balance after a movement. Every movement keeps 0 ≤ reserved ≤ onHand, or it is not planned. */
export const applyMovement = (b: StockBalance, m: Movement): StockBalance => ({
  seq: b.seq + 1,
  onHand: b.onHand + m.onHandDelta,
  reserved: b.reserved + m.reservedDelta,
});

/** An order may list one product twice; a reservation holds each product once, for the sum. */
export function mergeLines(lines: ReservationLine[]): ReservationLine[] {
  const totals = new Map<string, number>();
  for (const { productId, quantity } of lines) totals.set(productId, (totals.get(productId) ?? 0) + quantity);
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([productId, quantity]) => ({ productId, quantity }));
}

export type Rejected = { reason: RejectionReason; available: number };

/** Holding `quantity` units: possible only from what is neither sold nor promised. */
export function planHold(
  product: { active: boolean } | null,
  balance: StockBalance,
  quantity: number,
): Movement | Rejected {
  const available = Math.max(0, balance.onHand - balance.reserved);
  if (!product) return { reason: 'UNKNOWN_PRODUCT', available: 0 };
  if (!product.active) return { reason: 'INACTIVE_PRODUCT', available };
  if (available === 0) return { reason: 'OUT_OF_STOCK', available };
  if (available < quantity) return { reason: 'INSUFFICIENT_STOCK', available };
  return { onHandDelta: 0, reservedDelta: quantity };
}

/** A manual adjustment may never leave fewer units on the shelf than are promised, or fewer than none. */
export function planAdjustment(balance: StockBalance, delta: number): Movement | null {
  if (balance.onHand + delta < 0 || balance.onHand + delta < balance.reserved) return null;
  return { onHandDelta: delta, reservedDelta: 0 };
}

export const isRejected = (plan: Movement | Rejected): plan is Rejected => 'reason' in plan;

/** What is known of one order's reservation: its request, its decision and its settlement. */
export type ReservationFacts = {
  requested: boolean;
  decision: { status: 'RESERVED' | 'REJECTED'; done: boolean } | null;
  settlement: { done: boolean } | null;
  /** The reservation's time is up (only a RESERVED decision without settlement cares). */
  expired: boolean;
};

/**
 * The sweeper's next step for an order whose reservation is still open (pure: the store
 * gathers the facts, this decides):
 * - `decide`: requested, never decided (the worker died before deciding);
 * - `finish-decision`: rejected, but the units held before the rejection are not all back yet;
 * - `release`: reserved, unpaid, and its time is up;
 * - `finish-settlement`: sold or returned, but not every line's units moved yet;
 * - `wait-until-expiry`: reserved and waiting for payment: nothing to do before it expires;
 * - `close`: nothing left to do: the order leaves the open list.
 */
export type SweepStep =
  'decide' | 'finish-decision' | 'release' | 'finish-settlement' | 'wait-until-expiry' | 'close';

export function sweepStep(f: ReservationFacts): SweepStep {
  if (f.settlement) return f.settlement.done ? 'close' : 'finish-settlement';
  if (!f.decision) return f.requested ? 'decide' : 'close';
  if (f.decision.status === 'REJECTED') return f.decision.done ? 'close' : 'finish-decision';
  return f.expired ? 'release' : 'wait-until-expiry';
}

/**
 * What a revision of a reservation moves, per product: `hold` the units the new lines ask
 * for beyond what is held, `release` those no longer asked for (a product left out gives back
 * all of its units). Holds come first when it is applied: if one is refused, nothing was given
 * back, so undoing the revision only returns what it held.
 */
export function planRevision(
  current: ReservationLine[],
  target: ReservationLine[],
): { hold: ReservationLine[]; release: ReservationLine[] } {
  const held = new Map(mergeLines(current).map((l) => [l.productId, l.quantity]));
  const wanted = new Map(mergeLines(target).map((l) => [l.productId, l.quantity]));
  const hold: ReservationLine[] = [];
  const release: ReservationLine[] = [];
  for (const productId of [...new Set([...held.keys(), ...wanted.keys()])].sort()) {
    const delta = (wanted.get(productId) ?? 0) - (held.get(productId) ?? 0);
    if (delta > 0) hold.push({ productId, quantity: delta });
    if (delta < 0) release.push({ productId, quantity: -delta });
  }
  return { hold, release };
}
