import { Schema, type Connection } from 'mongoose';
import type { Reservation as ReservationView, StockRejected, Topic } from '@sidecart/contracts';
import type { ReservationLine } from '../domain/stock';

export type Rejection = StockRejected['lines'][number];

/**
 * What the order holds: written once by `order.placed`, and replaced only by a revision of the
 * order that was reserved (`revision`: the last one applied; none before the first change).
 */
export type ReservationDoc = {
  _id: string; // the orderId
  lines: ReservationLine[];
  revision?: number;
  eventIds: string[];
  expiresAt: Date;
  createdAt: Date;
};

/**
 * An order whose reservation is not finished yet (undecided, reserved and unpaid, or
 * half-way through a settlement): the sweeper's list. Written before the reservation,
 * removed once the reservation is settled or its rejection finished, so the list is as
 * long as the checkouts in flight, not the shop's history (the sweeper reads it whole:
 * FerretDB filters anything but `_id` in Go).
 */
export type OpenReservationDoc = {
  _id: string; // the orderId
  /** When the sweeper should look at it next. */
  due: Date;
  createdAt: Date;
};

/**
 * A fact about a reservation, written once by an insert with a fixed `_id`
 * (`<orderId>:decision`, `<orderId>:settlement`): of two workers racing to decide, one
 * insert wins, on MongoDB and on FerretDB alike. The event announcing the fact is
 * written to the outbox first and published once this document exists with that event's
 * id, so it goes out if and only if the fact is true (and only the winner's event does).
 */
export type OutcomeDoc = {
  _id: string;
  orderId: string;
  step: 'decision' | 'settlement';
  status: 'RESERVED' | 'REJECTED' | 'COMMITTED' | 'RELEASED';
  rejections: Rejection[];
  reason?: string;
  expiresAt?: Date;
  /** The event announcing the fact (published through the outbox; kept as a record). */
  event: { topic: Topic; payload: Record<string, unknown> } | null;
  /** The stock movements the fact implies have all been applied (the sweeper finishes them otherwise). */
  done: boolean;
  at: Date;
};

const lineSchema = new Schema({ productId: String, quantity: Number }, { _id: false });
const rejectionSchema = new Schema(
  { productId: String, requested: Number, available: Number, reason: String },
  { _id: false },
);

const reservationSchema = new Schema<ReservationDoc>(
  {
    _id: { type: String, required: true },
    lines: { type: [lineSchema], required: true },
    revision: Number,
    eventIds: { type: [String], default: [] },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'reservations', versionKey: false },
);

const openReservationSchema = new Schema<OpenReservationDoc>(
  {
    _id: { type: String, required: true },
    due: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'reservations_open', versionKey: false },
);

const outcomeSchema = new Schema<OutcomeDoc>(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    step: { type: String, required: true },
    status: { type: String, required: true },
    rejections: { type: [rejectionSchema], default: [] },
    reason: String,
    expiresAt: Date,
    event: { type: Schema.Types.Mixed, default: null },
    done: { type: Boolean, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'reservation_outcomes', versionKey: false, minimize: false },
);

/**
 * A revision of an order's reservation (the order was changed before payment), decided once:
 * `_id` is `<orderId>:<revision>`, inserted once by whichever worker decides first. RESERVED
 * replaces the reservation's lines; REJECTED gives back whatever the revision held (`done` once
 * it has). Its stock movements are keyed by the revision (`reviseKey`, `undoKey`).
 */
export type RevisionDoc = {
  _id: string;
  orderId: string;
  revision: number;
  lines: ReservationLine[];
  status: 'RESERVED' | 'REJECTED';
  rejections: Rejection[];
  done: boolean;
  at: Date;
};

const revisionSchema = new Schema<RevisionDoc>(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    revision: { type: Number, required: true },
    lines: { type: [lineSchema], required: true },
    status: { type: String, required: true },
    rejections: { type: [rejectionSchema], default: [] },
    done: { type: Boolean, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'reservation_revisions', versionKey: false },
);

export const revisionModel = (connection: Connection) =>
  connection.model<RevisionDoc>('ReservationRevision', revisionSchema);
export type RevisionModel = ReturnType<typeof revisionModel>;
export const revisionId = (orderId: string, revision: number) => `${orderId}:${revision}`;

export const reservationModel = (connection: Connection) =>
  connection.model<ReservationDoc>('Reservation', reservationSchema);
export const outcomeModel = (connection: Connection) =>
  connection.model<OutcomeDoc>('ReservationOutcome', outcomeSchema);
export const openReservationModel = (connection: Connection) =>
  connection.model<OpenReservationDoc>('OpenReservation', openReservationSchema);
export type ReservationModel = ReturnType<typeof reservationModel>;
export type OpenReservationModel = ReturnType<typeof openReservationModel>;
export type OutcomeModel = ReturnType<typeof outcomeModel>;

export const decisionId = (orderId: string) => `${orderId}:decision`;
export const settlementId = (orderId: string) => `${orderId}:settlement`;

export function toReservationView(
  reservation: ReservationDoc,
  status: ReservationView['status'],
  decision: OutcomeDoc | null,
): ReservationView {
  return {
    orderId: reservation._id,
    status,
    lines: reservation.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    rejections: (decision?.rejections ?? []).map((r) => ({
      productId: r.productId,
      requested: r.requested,
      available: r.available,
      reason: r.reason,
    })),
    expiresAt: reservation.expiresAt.toISOString(),
  };
}
