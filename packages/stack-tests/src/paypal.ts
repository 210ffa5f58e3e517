/**
 * The PayPal double's own REST API (http://127.0.0.1:8090), read the way the shop's payment
 * service reads PayPal: what was really captured and refunded there.
 */
import { localSecrets } from './stack';

export const PAYPAL = 'http://127.0.0.1:8090';

// PayPal's bodies are checked by the assertions themselves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

export async function paypalToken(): Promise<string> {
  const secrets = localSecrets();
  const basic = Buffer.from(`${secrets.PAYPAL_CLIENT_ID}:${secrets.PAYPAL_CLIENT_SECRET}`).toString('base64');
  const res = await fetch(`${PAYPAL}/v1/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function atPayPal(path: string): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${PAYPAL}${path}`, {
    headers: { authorization: `Bearer ${await paypalToken()}` },
  });
  return { status: res.status, body: await res.json() };
}

/** PayPal's order: its captures, in `purchase_units[0].payments.captures`. */
export const paypalOrder = (providerOrderId: string) => atPayPal(`/v2/checkout/orders/${providerOrderId}`);
export const paypalCapture = (captureId: string) => atPayPal(`/v2/payments/captures/${captureId}`);
export const paypalRefund = (refundId: string) => atPayPal(`/v2/payments/refunds/${refundId}`);

/**
 * How many refund requests a capture received at the double, refused and replayed ones
 * included (the double's own route, not PayPal's): a duplicate that reached PayPal raises it,
 * whatever PayPal or the shop's keys then made of it.
 */
export const refundRequestsAtPayPal = async (captureId: string): Promise<number> =>
  (await atPayPal(`/v1/double/captures/${captureId}/refund-requests`)).body.requests as number;
