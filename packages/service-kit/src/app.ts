import express, { type Express, type RequestHandler } from 'express';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import { problem, problemHandler, unknownRoute } from './errors';
import { healthRouter, type ReadinessCheck } from './health';
import type { Logger } from './logger';
import { requestMetrics } from './metrics';
import type { SidecarMetadata } from './subscription-health';
import { Subscriptions } from './subscriptions';
import { continueOrStartTrace, keepTraceContext, traceIdOf } from './trace';

export type ServiceAppOptions = {
  service: string;
  logger: Logger;
  /** Mounts the service's routes; called after the cross-cutting middleware. */
  routes: (app: Express) => void;
  readiness?: Record<string, ReadinessCheck>;
  subscriptions?: Subscriptions;
  /**
   * The app's sidecar: with subscriptions, readiness also checks that the sidecar took them all
   * up (check `subscriptions`; the app is `degraded` while one is missing).
   */
  sidecar?: { metadata(): Promise<SidecarMetadata> };
  /**
   * When set, every request except health probes must carry `dapr-api-token` with
   * this value: only the app's own sidecar knows it (Dapr's APP_API_TOKEN).
   */
  appApiToken?: string;
  bodyLimit?: string;
  /**
   * Larger JSON bodies for a few paths (express patterns), e.g. a product picture sent base64:
   * every other path keeps `bodyLimit`.
   */
  largeBodies?: Record<string, string>;
  /** Middleware that runs on every request before anything else answers (security headers, CORS). */
  edge?: RequestHandler[];
};

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function requestIdOf(header: unknown): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

const equalSecrets = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function requireAppToken(token: string): RequestHandler {
  return (req, _res, next) => {
    const given = req.get('dapr-api-token');
    if (given && equalSecrets(given, token)) return next();
    next(problem(401, 'Calls must come through the Dapr sidecar'));
  };
}

/**
 * The express app every Sidecart deployable starts from: request ids, structured request
 * logs, JSON (and CloudEvents) bodies with a size limit, health endpoints, Dapr
 * subscriptions, and problem+json for every error. No `listen` here, so tests use it in-process.
 */
export function createServiceApp(options: ServiceAppOptions): Express {
  const { service, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  // ETags mean state versions here (carts); express's content hashes would be mistaken for them.
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestMetrics);
  app.use(continueOrStartTrace);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = requestIdOf(req.headers['x-request-id']);
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      // Every request line names its trace, so one checkout can be followed across the apps' logs.
      customProps: (req) => {
        const traceId = traceIdOf(req.headers.traceparent);
        return traceId ? { traceId } : {};
      },
      autoLogging: {
        ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/dapr/config',
      },
      serializers: {
        req: (req) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          caller: req.headers['dapr-caller-app-id'],
        }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  for (const handler of options.edge ?? []) app.use(handler);
  const subscriptions = options.subscriptions ?? new Subscriptions();
  const checks = { ...options.readiness };
  if (options.sidecar && subscriptions.topics.length > 0)
    checks.subscriptions = subscriptions.loadedBy(options.sidecar);
  app.use(healthRouter(service, checks, ['subscriptions']));
  // daprd asks every app for its actor config at start; Sidecart hosts no actors.
  app.get('/dapr/config', (_req, res) => void res.json({}));
  if (options.appApiToken) app.use(requireAppToken(options.appApiToken));
  const jsonTypes = ['application/json', 'application/*+json'];
  for (const [path, limit] of Object.entries(options.largeBodies ?? {})) {
    // The body is parsed once: the general parser below skips a request parsed here.
    app.use(path, express.json({ limit, type: jsonTypes }));
  }
  app.use(express.json({ limit: options.bodyLimit ?? '64kb', type: jsonTypes }));
  app.use(keepTraceContext);
  app.use(subscriptions.router(logger));
  options.routes(app);
  app.use(unknownRoute);
  app.use(problemHandler);
  return app;
}

/** Headers that follow a request across every hop: its id and the W3C trace context. */
export function propagatedHeaders(req: {
  id?: unknown;
  get(name: string): string | undefined;
}): Record<string, string> {
  const headers: Record<string, string> = {};
  if (req.id) headers['x-request-id'] = String(req.id);
  for (const name of ['traceparent', 'tracestate']) {
    const value = req.get(name);
    if (value) headers[name] = value;
  }
  return headers;
}
