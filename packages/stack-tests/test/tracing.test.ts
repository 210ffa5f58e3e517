/**
 * One checkout, one trace. The stack is restarted with SIDECART_ZIPKIN_URL pointing at a
 * Zipkin-compatible receiver that this file runs (POST /api/v2/spans, JSON v2, the format
 * Dapr's Zipkin exporter sends), one order is placed through the public gateway, and the spans
 * the five sidecars export are read back: the gateway's request, the order service, the
 * product service reserving the stock on `order.placed`, the order service moving on
 * `stock.reserved`, and the payment service opening the payment all carry the trace id the
 * gateway logged beside the request id. The asynchronous steps join it only because each
 * outbox stores the trace context with its event and the relay publishes with it.
 *
 * At the end the stack is started again as the suite started it (no exporter).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { api } from '../src/api';
import { requestLogLines } from '../src/logs';
import { restartStack, stackIsOurs } from '../src/restart';
import { address, createProduct, fillCart, newShopper, withApproveUrl } from '../src/shop';
import { eventually } from '../src/stack';

/** A span as Zipkin's API v2 takes it (the fields read here). */
type Span = {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: string;
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
};

/** A Zipkin collector as far as Dapr's exporter needs one: it keeps every span it is sent. */
function zipkinReceiver() {
  const spans: Span[] = [];
  const rejected: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/v2/spans') {
      rejected.push(`${req.method} ${req.url}`);
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        spans.push(...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Span[]));
        res.writeHead(202).end();
      } catch (err) {
        rejected.push(`unreadable body: ${(err as Error).message}`);
        res.writeHead(400).end();
      }
    });
  });
  return { server, spans, rejected };
}

const receiver = zipkinReceiver();
const ours = stackIsOurs();
let restarted = false;

beforeAll(async () => {
  if (!ours) return;
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.server.address() as AddressInfo;
  restarted = true;
  const { stopMs, startMs } = await restartStack('zipkin', {
    SIDECART_ZIPKIN_URL: `http://127.0.0.1:${port}/api/v2/spans`,
  });
  process.stdout.write(
    `\ntracing: stack restarted with a Zipkin receiver on :${port} (stop ${stopMs} ms, start ${startMs} ms)\n`,
  );
}, 360_000);

afterAll(async () => {
  // Back to the stack the suite started: default configuration, no exporter.
  if (restarted) await restartStack('default', {});
  receiver.server.close();
}, 360_000);

const describeIf = ours ? describe : describe.skip;

describeIf('one trace per checkout, exported to Zipkin by the sidecars', () => {
  it('the gateway, order, product (reservation) and payment (opening) spans of one order share the trace id the gateway logged', async () => {
    const shopper = newShopper();
    const product = await createProduct(4, 990);
    await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);

    // A client that sends no trace context, as the storefront: the gateway starts the trace.
    const requestId = `tracing-${randomUUID()}`;
    const placed = await api(
      'POST',
      '/orders',
      shopper,
      { shippingAddress: address, currency: 'EUR' },
      { 'idempotency-key': randomUUID(), 'x-request-id': requestId },
    );
    expect(placed.status).toBe(201);
    await withApproveUrl(shopper, placed.body.id);

    const gatewayLine = await eventually(
      async () => requestLogLines(requestId).find((l) => l.service === 'gateway' && l.traceId),
      { within: 15_000, what: 'the gateway’s log line of the order with its trace id' },
    );
    const traceId = gatewayLine.traceId!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    // Every app's log line of that request names the same trace.
    for (const line of requestLogLines(requestId))
      expect({ service: line.service, traceId: line.traceId }).toEqual({ service: line.service, traceId });

    const of = (app: string, name?: RegExp) => (s: Span) =>
      s.localEndpoint?.serviceName === app && (!name || name.test(s.name ?? ''));
    const wanted: [string, (s: Span) => boolean][] = [
      ['gateway: its sidecar calling the order service', of('gateway')],
      ['order: POST /orders', of('order')],
      ['product: the reservation (order.placed delivered)', of('product', /^pubsub\/order\.placed$/)],
      ['order: stock.reserved delivered', of('order', /^pubsub\/stock\.reserved$/)],
      ['payment: the payment opened (invoked by the order service)', of('payment', /payments/)],
    ];
    // One tree: every span but the root names a parent, and the spans of the reservation and the
    // payment opening descend from the gateway's request, not from a new root.
    const rootIn = (spans: Span[], s: Span): Span => {
      const byId = new Map(spans.map((t) => [t.id, t]));
      let at = s;
      for (let hops = 0; at.parentId && byId.has(at.parentId) && hops < 100; hops++)
        at = byId.get(at.parentId)!;
      return at;
    };
    // The exporters send their spans in batches (every few seconds), each sidecar on its own: a
    // span may arrive before its parent, so the wait lasts until the reservation and the opening
    // reach one root (in the run at 09:30 the check below ran while a parent was still on its way).
    const trace = await eventually(
      async () => {
        const spans = receiver.spans.filter((s) => s.traceId === traceId);
        if (!wanted.every(([, match]) => spans.some(match))) return undefined;
        const roots = [of('product', /^pubsub\/order\.placed$/), of('payment', /payments/)].map(
          (match) => rootIn(spans, spans.find(match)!).id,
        );
        return roots[0] === roots[1] ? spans : undefined;
      },
      { within: 60_000, what: `spans of trace ${traceId} from gateway, order, product and payment` },
    ).catch((err: Error) => {
      const spans = receiver.spans.filter((s) => s.traceId === traceId);
      const missing = wanted.filter(([, match]) => !spans.some(match)).map(([what]) => what);
      const seen = spans.map((s) => `${s.localEndpoint?.serviceName} ${s.name}`);
      throw new Error(
        `${err.message}\nmissing: ${missing.join('; ')}\nspans of the trace: ${seen.join(', ') || 'none'}\n` +
          `spans received in all: ${receiver.spans.length}; rejected: ${receiver.rejected.join(', ') || 'none'}`,
      );
    });

    const services = new Set(trace.map((s) => s.localEndpoint?.serviceName));
    expect([...services].sort()).toEqual(expect.arrayContaining(['gateway', 'order', 'payment', 'product']));
    const rootOf = (s: Span) => rootIn(trace, s);
    const reservation = trace.find(of('product', /^pubsub\/order\.placed$/))!;
    const opening = trace.find(of('payment', /payments/))!;
    expect(rootOf(reservation).id).toBe(rootOf(opening).id);
    expect(rootOf(opening).localEndpoint?.serviceName).toBe('gateway');
  });
});
