import type { Request, Response } from 'express';
import type { DoubleState, StoredResponse } from './state';

/**
 * Like the real API: a request repeated with the same `PayPal-Request-Id` gets the first
 * answer again instead of acting twice (a retried capture never captures twice).
 */
export function idempotent(state: DoubleState, req: Request, res: Response, act: () => StoredResponse): void {
  const requestId = req.get('paypal-request-id');
  const key = requestId ? `${req.method} ${req.path} ${requestId}` : undefined;
  const stored = key ? state.idempotent.get(key) : undefined;
  const answer = stored ?? act();
  if (key && !stored && answer.status < 500) state.idempotent.set(key, answer);
  res.status(answer.status).json(answer.body);
}
