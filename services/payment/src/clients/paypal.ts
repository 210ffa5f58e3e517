import { Histogram, metrics } from '@sidecart/service-kit';
import { checkoutSdk, type PayPalHttpClient, type SdkHttpError, type SdkRequest } from './paypal-sdk';

const OPERATIONS = [
  'create_order',
  'capture_order',
  'get_order',
  'update_order',
  'refund_capture',
  'verify_webhook',
] as const;
type Operation = (typeof OPERATIONS)[number];

const paypalSeconds = new Histogram({
  name: 'sidecart_paypal_request_duration_seconds',
  help: 'Time of a PayPal REST call (OAuth token included when the SDK fetched one), by operation and outcome: ok, rejected (a business refusal such as a decline), failed (outage, timeout, credentials)',
  labelNames: ['operation', 'outcome'] as const,
  // The local double answers in ~5 ms; PayPal's sandbox in 0.3-2 s.
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metrics],
});
for (const operation of OPERATIONS)
  for (const outcome of ['ok', 'rejected', 'failed']) paypalSeconds.zero({ operation, outcome });

export type PayPalSettings = {
  clientId: string;
  clientSecret: string;
  /** https://api-m.sandbox.paypal.com, https://api-m.paypal.com, or the local double. */
  baseUrl: string;
  webhookId: string;
};

type PayPalAmount = { currency_code: string; value: string };
/** An amount PayPal is sent, optionally with its breakdown (goods, shipping, tax). */
type PayPalAmountWithBreakdown = PayPalAmount & {
  breakdown?: { item_total: PayPalAmount; shipping: PayPalAmount; tax_total: PayPalAmount };
};
type Link = { href: string; rel: string; method: string };

export type PayPalOrder = {
  id: string;
  status: string;
  links?: Link[];
  purchase_units?: {
    payments?: { captures?: { id: string; status: string; amount: PayPalAmount; create_time?: string }[] };
  }[];
};
export type PayPalRefund = { id: string; status: string; amount?: PayPalAmount };
export type WebhookSignature = {
  auth_algo: string;
  cert_url: string;
  transmission_id: string;
  transmission_sig: string;
  transmission_time: string;
};

/** PayPal refused the request for a business reason (its `issue` code), not an outage. */
export class PayPalRejection extends Error {
  constructor(
    readonly status: number,
    readonly issue: string,
    readonly description: string,
  ) {
    super(`PayPal answered ${status} ${issue}: ${description}`);
  }
}

/** Issues that mean the shopper's money will not come: the payment has failed. */
export const DECLINE_ISSUES = new Set(['INSTRUMENT_DECLINED', 'PAYER_CANNOT_PAY', 'TRANSACTION_REFUSED']);

/**
 * The PayPal REST API through the official SDK. The base URL is configuration: the
 * local double in development and tests, PayPal's sandbox or live API in production.
 * Every state-changing call carries a `PayPal-Request-Id`, so a retry after a timeout
 * or a crash is answered with the first result instead of acting twice.
 */
export class PayPalClient {
  private readonly http: PayPalHttpClient;

  constructor(private readonly settings: PayPalSettings) {
    // The SDK's Sandbox/Live environments hard-code their hosts; the base class takes any.
    const environment = new checkoutSdk.core.PayPalEnvironment(
      settings.clientId,
      settings.clientSecret,
      settings.baseUrl,
      settings.baseUrl,
    );
    this.http = new checkoutSdk.core.PayPalHttpClient(environment);
  }

  async createOrder(input: {
    requestId: string;
    referenceId: string;
    amount: PayPalAmountWithBreakdown;
    returnUrl: string;
    cancelUrl: string;
  }): Promise<{ id: string; approveUrl: string }> {
    const request = new checkoutSdk.orders.OrdersCreateRequest();
    request.headers['PayPal-Request-Id'] = input.requestId;
    request.headers.Prefer = 'return=representation';
    request.requestBody({
      intent: 'CAPTURE',
      purchase_units: [
        { reference_id: input.referenceId, custom_id: input.referenceId, amount: input.amount },
      ],
      application_context: {
        return_url: input.returnUrl,
        cancel_url: input.cancelUrl,
        brand_name: 'Sidecart',
        user_action: 'PAY_NOW',
        shipping_preference: 'NO_SHIPPING',
      },
    });
    const order = await this.execute<PayPalOrder>('create_order', request);
    const approve = order.links?.find((link) => link.rel === 'approve' || link.rel === 'payer-action');
    if (!approve) throw new Error(`PayPal order ${order.id} came without an approval link`);
    return { id: order.id, approveUrl: approve.href };
  }

  /**
   * Sets the amount of an order not captured yet (CREATED or APPROVED: the approval stands).
   * A replace of one value: repeating it changes nothing.
   */
  async updateAmount(orderId: string, referenceId: string, amount: PayPalAmountWithBreakdown): Promise<void> {
    const request = new checkoutSdk.orders.OrdersPatchRequest(orderId);
    request.requestBody([
      { op: 'replace', path: `/purchase_units/@reference_id=='${referenceId}'/amount`, value: amount },
    ]);
    await this.execute<unknown>('update_order', request);
  }

  /** Captures an approved order; the first capture of the answer is the one. */
  async captureOrder(
    orderId: string,
    requestId: string,
  ): Promise<{ captureId: string; amount: PayPalAmount; status: string }> {
    const request = new checkoutSdk.orders.OrdersCaptureRequest(orderId);
    request.headers['PayPal-Request-Id'] = requestId;
    request.headers.Prefer = 'return=representation';
    request.requestBody({});
    const order = await this.execute<PayPalOrder>('capture_order', request);
    const capture = order.purchase_units?.[0]?.payments?.captures?.[0];
    if (!capture) throw new Error(`PayPal captured order ${orderId} but returned no capture`);
    return { captureId: capture.id, amount: capture.amount, status: capture.status };
  }

  /** The capture of an order captured earlier (e.g. by a request whose answer was lost). */
  async findCapture(
    orderId: string,
  ): Promise<{ captureId: string; amount: PayPalAmount; status: string } | null> {
    const order = await this.execute<PayPalOrder>(
      'get_order',
      new checkoutSdk.orders.OrdersGetRequest(orderId),
    );
    const capture = order.purchase_units?.[0]?.payments?.captures?.[0];
    return capture ? { captureId: capture.id, amount: capture.amount, status: capture.status } : null;
  }

  /**
   * Refunds a capture: `amount` of it (a partial refund), or without one all it has left. PayPal
   * refuses more than is left (`REFUND_AMOUNT_EXCEEDED`).
   */
  async refundCapture(
    captureId: string,
    requestId: string,
    note: string,
    amount?: PayPalAmount,
  ): Promise<PayPalRefund> {
    const request = new checkoutSdk.payments.CapturesRefundRequest(captureId);
    request.headers['PayPal-Request-Id'] = requestId;
    request.headers.Prefer = 'return=representation';
    request.requestBody({ note_to_payer: note.slice(0, 255), ...(amount ? { amount } : {}) });
    return this.execute<PayPalRefund>('refund_capture', request);
  }

  /**
   * Asks PayPal whether a webhook delivery is genuine. The SDK has no request class for
   * this endpoint, so we hand it a plain request object; it still adds the OAuth token.
   */
  async verifyWebhookSignature(signature: WebhookSignature, event: unknown): Promise<boolean> {
    const request: SdkRequest = {
      path: '/v1/notifications/verify-webhook-signature',
      verb: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: { ...signature, webhook_id: this.settings.webhookId, webhook_event: event },
    };
    const answer = await this.execute<{ verification_status: string }>('verify_webhook', request);
    return answer.verification_status === 'SUCCESS';
  }

  private async execute<T>(operation: Operation, request: SdkRequest): Promise<T> {
    const end = paypalSeconds.startTimer({ operation });
    try {
      const result = (await this.http.execute<T>(request)).result;
      end({ outcome: 'ok' });
      return result;
    } catch (err) {
      const rejection = rejectionOf(err as SdkHttpError);
      end({ outcome: rejection ? 'rejected' : 'failed' });
      throw rejection ?? err;
    }
  }
}

/**
 * Turns PayPal's business refusals (400, 404, 422 with `details[0].issue`) into a
 * PayPalRejection. Bad credentials (401/403) and outages stay plain errors.
 */
function rejectionOf(err: SdkHttpError): PayPalRejection | undefined {
  const status = err.statusCode;
  if (status === undefined || ![400, 404, 409, 422].includes(status)) return undefined;
  try {
    const body = JSON.parse(err.message) as {
      name?: string;
      details?: { issue?: string; description?: string }[];
    };
    const detail = body.details?.[0];
    return new PayPalRejection(
      status,
      detail?.issue ?? body.name ?? 'UNKNOWN',
      detail?.description ?? err.message,
    );
  } catch {
    return new PayPalRejection(status, 'UNKNOWN', err.message);
  }
}
