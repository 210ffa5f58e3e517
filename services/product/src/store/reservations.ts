import { Schema, type Connection } from 'mongoose';
import type { Reservation as ReservationView, StockRejected, Topic } from '@sidecart/contracts';
import type { ReservationLine } from '../domain/stock';

export type Rejection = StockRejected['lines'][number];

/** What `order.placed` asked for: written once per order, never changed (bar two progress hints). */
export type ReservationDoc = {
  _id: string; // the orderId
  lines: ReservationLine[];
  eventIds: string[];
  expiresAt: Date;
  /** Hint for the sweeper: a decision exists. The decision document is the truth. */
  decided: boolean;
  createdAt: Date;
};

/**
 * A fact about a reservation, written once by an insert with a fixed `_id`
 * (`<orderId>:decision`, `<orderId>:settlement`): of two workers racing to decide, one
 * insert wins, on MongoDB and on FerretDB alike. The event announcing the fact is
 * inside the same document, so it is published if and only if the fact exists.
 */
export type OutcomeDoc = {
  _id: string;
  orderId: string;
  step: 'decision' | 'settlement';
  status: 'RESERVED' | 'REJECTED' | 'COMMITTED' | 'RELEASED';
  rejections: Rejection[];
  reason?: string;
  expiresAt?: Date;
  event: { topic: Topic; payload: Record<string, unknown> } | null;
  published: boolean;
  /** The stock movements the fact implies have all been applied (the sweeper finishes them otherwise). */
  done: boolean;
  /** Decisions only: a settlement exists (timeouts skip these). */
  settled: boolean;
  at: Date;
};

const lineSchema = new Schema({ productId: String, quantity: Number }, { _id: false });

const reservationSchema = new Schema<ReservationDoc>(
  {
    _id: { type: String, required: true },
    lines: { type: [lineSchema], required: true },
    eventIds: { type: [String], default: [] },
    expiresAt: { type: Date, required: true },
    decided: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { collection: 'reservations', versionKey: false },
);
reservationSchema.index({ decided: 1, createdAt: 1 });

const outcomeSchema = new Schema<OutcomeDoc>(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    step: { type: String, required: true },
    status: { type: String, required: true },
    rejections: {
      type: [
        new Schema(
          { productId: String, requested: Number, available: Number, reason: String },
          { _id: false },
        ),
      ],
      default: [],
    },
    reason: String,
    expiresAt: Date,
    event: { type: Schema.Types.Mixed, default: null },
    published: { type: Boolean, required: true },
    done: { type: Boolean, required: true },
    settled: { type: Boolean, default: false },
    at: { type: Date, required: true },
  },
  { collection: 'reservation_outcomes', versionKey: false, minimize: false },
);
outcomeSchema.index({ published: 1 });
outcomeSchema.index({ done: 1, at: 1 });
outcomeSchema.index({ step: 1, status: 1, settled: 1, expiresAt: 1 });

export const reservationModel = (connection: Connection) =>
  connection.model<ReservationDoc>('Reservation', reservationSchema);
export const outcomeModel = (connection: Connection) =>
  connection.model<OutcomeDoc>('ReservationOutcome', outcomeSchema);
export type ReservationModel = ReturnType<typeof reservationModel>;
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
