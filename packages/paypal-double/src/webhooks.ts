import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { paypalError } from './errors';

/**
 * Webhook signatures. Real PayPal signs `transmissionId|time|webhookId|crc32(body)` with
 * an RSA certificate; the double signs the same fields (a SHA-256 of the event instead of
 * the CRC) with an HMAC key only it knows. Either way the receiver cannot check the
 * signature itself: it asks `POST /v1/notifications/verify-webhook-signature`, which
 * is what Sidecart's payment service does.
 */
export const AUTH_ALGO = 'HMACSHA256-DOUBLE';

export type SignedHeaders = {
  'paypal-auth-algo': string;
  'paypal-cert-url': string;
  'paypal-transmission-id': string;
  'paypal-transmission-sig': string;
  'paypal-transmission-time': string;
};

const VerifyRequest = z.object({
  auth_algo: z.string(),
  cert_url: z.string(),
  transmission_id: z.string(),
  transmission_sig: z.string(),
  transmission_time: z.string(),
  webhook_id: z.string(),
  webhook_event: z.record(z.string(), z.unknown()),
});

const SimulateRequest = z.object({
  url: z.url(),
  event_type: z.string().regex(/^[A-Z]+(\.[A-Z]+)+$/),
  webhook_id: z.string().optional(),
  resource: z.record(z.string(), z.unknown()).optional(),
});

export class WebhookSigner {
  constructor(
    private readonly key: Buffer = randomBytes(32),
    readonly certUrl = 'http://127.0.0.1:8090/v1/notifications/certs/CERT-DOUBLE',
  ) {}

  private digest(transmissionId: string, time: string, webhookId: string, event: unknown): string {
    const body = createHash('sha256').update(JSON.stringify(event)).digest('hex');
    return createHmac('sha256', this.key)
      .update(`${transmissionId}|${time}|${webhookId}|${body}`)
      .digest('base64');
  }

  sign(webhookId: string, event: unknown): SignedHeaders {
    const transmissionId = randomUUID();
    const time = new Date().toISOString();
    return {
      'paypal-auth-algo': AUTH_ALGO,
      'paypal-cert-url': this.certUrl,
      'paypal-transmission-id': transmissionId,
      'paypal-transmission-sig': this.digest(transmissionId, time, webhookId, event),
      'paypal-transmission-time': time,
    };
  }

  verify(request: z.infer<typeof VerifyRequest>): boolean {
    const expected = Buffer.from(
      this.digest(
        request.transmission_id,
        request.transmission_time,
        request.webhook_id,
        request.webhook_event,
      ),
    );
    const given = Buffer.from(request.transmission_sig);
    return (
      request.auth_algo === AUTH_ALGO && given.length === expected.length && timingSafeEqual(given, expected)
    );
  }
}

export function buildEvent(eventType: string, resource: Record<string, unknown>) {
  return {
    id: `WH-${randomBytes(12).toString('hex').toUpperCase()}`,
    event_version: '1.0',
    create_time: new Date().toISOString(),
    resource_type: eventType.split('.')[1]?.toLowerCase() ?? 'unknown',
    resource_version: '2.0',
    event_type: eventType,
    summary: `Simulated ${eventType}`,
    resource,
  };
}

export function webhookRoutes(signer: WebhookSigner, defaultWebhookId: string): Router {
  const router = Router();

  router.post('/v1/notifications/verify-webhook-signature', (req, res) => {
    const parsed = VerifyRequest.safeParse(req.body);
    if (!parsed.success) {
      return void res.status(400).json(
        paypalError(
          'INVALID_REQUEST',
          parsed.error.issues.map((i) => ({
            field: i.path.join('.'),
            issue: 'MISSING_REQUIRED_PARAMETER',
            description: i.message,
          })),
        ),
      );
    }
    res.json({ verification_status: signer.verify(parsed.data) ? 'SUCCESS' : 'FAILURE' });
  });

  /**
   * As PayPal's simulator: sends a signed event of the given type to `url` and answers
   * with the event and how the receiver answered. `resource` lets a test describe a
   * real capture; without it the event carries an empty resource.
   */
  router.post('/v1/notifications/simulate-event', async (req, res) => {
    const parsed = SimulateRequest.safeParse(req.body);
    if (!parsed.success) {
      return void res.status(400).json(
        paypalError(
          'INVALID_REQUEST',
          parsed.error.issues.map((i) => ({
            field: i.path.join('.'),
            issue: 'INVALID_PARAMETER_VALUE',
            description: i.message,
          })),
        ),
      );
    }
    const { url, event_type, webhook_id = defaultWebhookId, resource = {} } = parsed.data;
    const event = buildEvent(event_type, resource);
    const delivery = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signer.sign(webhook_id, event) },
      body: JSON.stringify(event),
    }).then(
      (r) => ({ status: r.status }),
      (err: Error) => ({ status: 0, error: err.message }),
    );
    res.status(202).json({ ...event, delivery });
  });

  return router;
}
