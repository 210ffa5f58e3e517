import http from 'node:http';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from './logger';

/**
 * Prometheus metrics of one process: requests by route and status with latency histograms, the
 * outbox's backlog (every service with one), Node's own (event loop lag, heap, GC, CPU), and what
 * each service adds about its own work in the same registry (saga outcomes, reservations, PayPal
 * calls; `sidecart_*`). Served on a port of its own (`METRICS_PORT`), never
 * on the app's port: the gateway's app port is public, and the metrics name internal routes.
 */
export const metrics = new Registry();
collectDefaultMetrics({ register: metrics });

const requestSeconds = new Histogram({
  name: 'http_server_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'] as const,
  // From a cached catalog read (~1 ms) to the 5 s invocation timeout and beyond.
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metrics],
});

/**
 * The route a request matched, as its pattern (`/orders/:id`, never the id itself, so the
 * number of series stays bounded); `unmatched` for a 404 that no route took.
 */
export function routeOf(req: { baseUrl?: string; route?: { path?: unknown } }): string {
  const path = req.route?.path;
  if (typeof path !== 'string') return 'unmatched';
  const full = `${req.baseUrl ?? ''}${path}`;
  // A router's own root (`router.get('/')` under `/categories`) is the mount path itself.
  return full.length > 1 && full.endsWith('/') ? full.slice(0, -1) : full || '/';
}

/** Times every request; health probes and Dapr's own calls are counted like the rest. */
export const requestMetrics: RequestHandler = (req, res, next) => {
  const end = requestSeconds.startTimer();
  res.once('finish', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
  next();
};

/** What waits in an outbox: events not yet published, and how long the oldest has waited. */
export type OutboxStats = { pending: number; oldestSeconds: number };

const outboxSources = new Set<() => Promise<OutboxStats | null>>();

/** Every observed outbox's stats, read once per scrape (both gauges ask within the same scrape). */
let reading: { at: number; stats: Promise<(OutboxStats | null)[]> } | undefined;
function readOutboxes(): Promise<(OutboxStats | null)[]> {
  if (!reading || Date.now() - reading.at > 1000)
    reading = { at: Date.now(), stats: Promise.all([...outboxSources].map((source) => source())) };
  return reading.stats;
}

/** NaN (unknown) while a store cannot be read: never a reassuring 0. */
const outboxGauge = (name: string, help: string, of: (stats: OutboxStats[]) => number) =>
  new Gauge({
    name,
    help,
    registers: [metrics],
    async collect() {
      const stats = await readOutboxes();
      this.set(stats.includes(null) ? NaN : of(stats as OutboxStats[]));
    },
  });

/** Registered with the first outbox observed: an app without one (the gateway) has no such series. */
let outboxGauges: unknown;
const registerOutboxGauges = () => [
  outboxGauge(
    'sidecart_outbox_pending_events',
    'Events stored with their change and not yet published (the outbox relay is behind when this grows)',
    (stats) => stats.reduce((sum, s) => sum + s.pending, 0),
  ),
  outboxGauge(
    'sidecart_outbox_oldest_pending_age_seconds',
    'How long the oldest unpublished outbox event has waited; 0 when none waits',
    (stats) => Math.max(0, ...stats.map((s) => s.oldestSeconds)),
  ),
];

/**
 * Reports an outbox in this process's metrics (the relay does it for its store). A store that
 * cannot be read is logged and reported as NaN. Returns a function that stops reporting it.
 */
export function observeOutbox(stats: () => Promise<OutboxStats>, logger: Logger): () => void {
  const source = () =>
    stats().catch((err: Error) => {
      logger.warn({ err: err.message }, 'outbox metrics could not be read');
      return null;
    });
  outboxGauges ??= registerOutboxGauges();
  outboxSources.add(source);
  return () => void outboxSources.delete(source);
}

/**
 * Serves `GET /metrics` on `host:port` (loopback unless METRICS_HOST says otherwise, e.g. in a
 * container where Prometheus scrapes from outside). Returns the server so shutdown can close it.
 */
export function serveMetrics(port: number, logger: Logger, host = process.env.METRICS_HOST ?? '127.0.0.1') {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (err: Error) => {
        logger.error({ err }, 'metrics could not be collected');
        res.writeHead(500).end();
      },
    );
  });
  // A port already taken (a second replica started with the same environment) costs the metrics,
  // never the app.
  server.on('error', (err) => logger.warn({ err, port }, 'metrics not served'));
  server.listen(port, host, () => logger.info({ port, host }, 'metrics listening'));
  return server;
}

/**
 * What a service measures of its own work is declared with these, in `metrics` (`registers:
 * [metrics]`), under the `sidecart_` prefix. Known label values are set to 0 at start, so a
 * series exists (and an alert on its rate works) before the first occurrence.
 */
export { Counter, Gauge, Histogram } from 'prom-client';
