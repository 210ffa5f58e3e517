import { Router, type RequestHandler } from 'express';
import { requireBearer } from './auth';
import { sendError } from './errors';
import type { DoubleState } from './state';

/**
 * PayPal being unavailable, on demand: while an outage lasts every PayPal API call answers 503
 * SERVICE_UNAVAILABLE, as PayPal does in one, and what the double holds (orders, captures,
 * refunds, tokens) stays, so the shop's calls succeed again once it ends. Nothing of this is
 * PayPal's API: it is how a test shows what the shop does while PayPal is down.
 *
 *   PUT /v1/double/outage {"down": true|false}   (a bearer token the double issued)
 *   GET /v1/double/outage                         → {"down": …}
 */
export function outageRoutes(state: DoubleState): { control: Router; gate: RequestHandler } {
  let down = false;
  const control = Router();
  control.use('/v1/double/outage', requireBearer(state));
  control.get('/v1/double/outage', (_req, res) => void res.json({ down }));
  control.put('/v1/double/outage', (req, res) => {
    const wanted = (req.body as { down?: unknown } | undefined)?.down;
    if (typeof wanted !== 'boolean') {
      sendError(res, 400, 'INVALID_REQUEST', [
        { issue: 'MISSING_REQUIRED_PARAMETER', field: '/down', description: 'down must be true or false' },
      ]);
      return;
    }
    down = wanted;
    res.json({ down });
  });
  const gate: RequestHandler = (req, res, next) => {
    if (!down || req.path === '/healthz') return next();
    sendError(res, 503, 'SERVICE_UNAVAILABLE', [
      { issue: 'SERVICE_UNAVAILABLE', description: 'PayPal is unavailable (an outage of the double)' },
    ]);
  };
  return { control, gate };
}
