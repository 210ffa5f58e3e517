import {
  newEnvelope as envelope,
  type StockRejected,
  type StockReleased,
  type StockReserved,
} from '@sidecart/contracts';
import type { ReservationLine } from './stock';

export const stockReserved = (orderId: string, lines: ReservationLine[]): StockReserved => ({
  ...envelope(),
  orderId,
  lines: lines.map(({ productId, quantity }) => ({ productId, quantity })),
});

export const stockRejected = (orderId: string, lines: StockRejected['lines']): StockRejected => ({
  ...envelope(),
  orderId,
  lines,
});

export const stockReleased = (orderId: string, reason: string): StockReleased => ({
  ...envelope(),
  orderId,
  reason,
});
