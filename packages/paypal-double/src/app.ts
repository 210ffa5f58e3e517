import express, { type Express } from 'express';
import { approvalRoutes } from './approval';
import { oauthRoutes, requireBearer, type Credentials } from './auth';
import { paypalError } from './errors';
import { orderRoutes } from './orders';
import { outageRoutes } from './outage';
import { paymentRoutes } from './payments';
import { DoubleState } from './state';
import { webhookRoutes, WebhookSigner } from './webhooks';

export type PayPalDoubleOptions = {
  credentials?: Credentials;
  /** The webhook id simulated events are signed for (PAYPAL_WEBHOOK_ID on the receiving side). */
  webhookId?: string;
};

/** The defaults match secrets.example.json, so a fresh clone's payment service is accepted. */
export const DEFAULT_CREDENTIALS: Credentials = {
  clientId: 'sidecart-local-client',
  clientSecret: 'sidecart-local-secret',
};
export const DEFAULT_WEBHOOK_ID = 'WH-SIDECART-LOCAL';

/**
 * A local stand-in for the PayPal REST API, speaking the paths, headers and bodies that
 * `@paypal/checkout-server-sdk` sends. State lives in memory. No `listen` here, so tests
 * can start it on any port.
 */
export function createPayPalDouble(options: PayPalDoubleOptions = {}): Express & { state: DoubleState } {
  const state = new DoubleState();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: '64kb' }));
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  const outage = outageRoutes(state);
  app.use(outage.control);
  app.use(outage.gate);
  app.use(oauthRoutes(state, options.credentials ?? DEFAULT_CREDENTIALS));
  app.use(approvalRoutes(state));
  app.use(['/v1/notifications', '/v2'], requireBearer(state));
  app.use(orderRoutes(state));
  app.use(paymentRoutes(state));
  app.use(webhookRoutes(new WebhookSigner(), options.webhookId ?? DEFAULT_WEBHOOK_ID));

  app.use((req, res) => {
    res
      .status(404)
      .json(
        paypalError('RESOURCE_NOT_FOUND', [
          { issue: 'INVALID_URI', description: `${req.method} ${req.path} is not served by the double` },
        ]),
      );
  });
  // Malformed JSON and the like: PayPal answers 400 MALFORMED_REQUEST_JSON.
  app.use(
    (
      err: { status?: number; message?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = err.status && err.status < 500 ? err.status : 500;
      res.status(status).json(
        paypalError('INVALID_REQUEST', [
          {
            issue: status === 400 ? 'MALFORMED_REQUEST_JSON' : 'INTERNAL_SERVER_ERROR',
            description: err.message ?? 'error',
          },
        ]),
      );
    },
  );
  return Object.assign(app, { state });
}
