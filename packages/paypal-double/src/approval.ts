import { Router } from 'express';
import { paypalId, now, type DoubleState, type Order } from './state';

/**
 * The page PayPal would show the shopper (`rel: approve` link). Three choices:
 * pay, pay with a card the bank declines at capture (the documented way to make a
 * payment fail), or cancel. Each answers with a redirect to the order's return or
 * cancel URL, as PayPal does.
 */
export type ApprovalAction = 'approve' | 'approve-declining' | 'cancel';
const ACTIONS: ApprovalAction[] = ['approve', 'approve-declining', 'cancel'];

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}
button{font-size:1rem;padding:.6rem 1rem;margin:.3rem .3rem 0 0;cursor:pointer}</style></head>
<body><p><strong>PayPal (local double)</strong></p>${body}</body></html>`;
}

function approvalPage(order: Order): string {
  const { amount, description } = order.purchaseUnit;
  const token = escape(order.id);
  return page(
    'Pay with PayPal',
    `<h1>Pay ${escape(amount.value)} ${escape(amount.currency_code)}</h1>
${description ? `<p>${escape(description)}</p>` : ''}
<form method="post" action="/checkoutnow">
<input type="hidden" name="token" value="${token}">
<button name="action" value="approve">Pay now</button>
<button name="action" value="approve-declining">Pay with a card that will be declined</button>
<button name="action" value="cancel">Cancel and return to the shop</button>
</form>`,
  );
}

function withQuery(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.toString();
}

export function approvalRoutes(state: DoubleState): Router {
  const router = Router();

  router.get('/checkoutnow', (req, res) => {
    const order = state.orders.get(String(req.query.token ?? ''));
    if (!order)
      return void res
        .status(404)
        .type('html')
        .send(page('Not found', '<h1>This payment does not exist.</h1>'));
    if (order.status !== 'CREATED') {
      return void res
        .type('html')
        .send(page('Done', `<h1>This payment is already ${escape(order.status.toLowerCase())}.</h1>`));
    }
    res.type('html').send(approvalPage(order));
  });

  router.post('/checkoutnow', (req, res) => {
    const { token, action } = (req.body ?? {}) as { token?: string; action?: string };
    const order = state.orders.get(String(token ?? ''));
    if (!order)
      return void res
        .status(404)
        .type('html')
        .send(page('Not found', '<h1>This payment does not exist.</h1>'));
    if (!ACTIONS.includes(action as ApprovalAction)) {
      return void res.status(400).type('html').send(page('Bad request', `<h1>Unknown action.</h1>`));
    }
    if (order.status !== 'CREATED') {
      return void res
        .status(409)
        .type('html')
        .send(page('Done', `<h1>This payment is already ${escape(order.status.toLowerCase())}.</h1>`));
    }
    if (action === 'cancel') {
      if (!order.cancelUrl)
        return void res.type('html').send(page('Cancelled', '<h1>Payment cancelled.</h1>'));
      return void res.redirect(303, withQuery(order.cancelUrl, { token: order.id }));
    }
    const declining = action === 'approve-declining';
    const payer = {
      payer_id: paypalId(13),
      email_address: declining ? 'declined-card@sidecart.test' : 'shopper@sidecart.test',
      name: { given_name: 'Local', surname: declining ? 'Declined' : 'Shopper' },
    };
    Object.assign(order, { status: 'APPROVED', payer, declinesAtCapture: declining, updateTime: now() });
    if (!order.returnUrl) return void res.type('html').send(page('Approved', '<h1>Payment approved.</h1>'));
    res.redirect(303, withQuery(order.returnUrl, { token: order.id, PayerID: payer.payer_id }));
  });

  return router;
}
