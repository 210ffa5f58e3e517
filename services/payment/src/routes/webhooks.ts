import type {} from 'pino-http'; // types req.log
import { Router } from 'express';
import { PayPalWebhookEvent, PayPalWebhookHeaders } from '@sidecart/contracts';
import { parseBody, parseHeaders } from '@sidecart/service-kit';
import type { Payments } from '../payments';

/** PayPal's webhook deliveries. Nothing is trusted before PayPal verifies the signature. */
export function webhookRoutes(payments: Payments): Router {
  const router = Router();
  router.post('/paypal', async (req, res) => {
    const headers = parseHeaders(PayPalWebhookHeaders, req);
    const event = parseBody(PayPalWebhookEvent, req);
    const outcome = await payments.handleWebhook(
      {
        auth_algo: headers['paypal-auth-algo'],
        cert_url: headers['paypal-cert-url'],
        transmission_id: headers['paypal-transmission-id'],
        transmission_sig: headers['paypal-transmission-sig'],
        transmission_time: headers['paypal-transmission-time'],
      },
      event,
      req.body,
    );
    req.log.info({ webhookId: event.id, eventType: event.event_type, outcome }, 'PayPal webhook');
    res.json({ received: true, outcome });
  });
  return router;
}
