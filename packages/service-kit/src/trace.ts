import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * W3C trace context (`traceparent`, `tracestate`) across the apps. Dapr's sidecars make the
 * spans (and export them when their Configuration names a Zipkin endpoint); the apps carry
 * the context from one hop to the next:
 * - a request's context is kept for the whole of its handling (an AsyncLocalStorage), so
 *   every call through the sidecar (`Dapr.invoke`) continues it without being handed it;
 * - an event stored in an outbox keeps the context of the change that enqueued it, and the
 *   relay publishes it with that context, so its consumers join the same trace even though
 *   they run later, in another process (`enqueueEvent`, `MongoOutbox.add`, `relayOutbox`).
 */
export type TraceContext = { traceparent: string; tracestate?: string };

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;
const NO_TRACE = /^0+$/;

/** The trace id of a W3C `traceparent` header (the trace every hop of one request shares). */
export function traceIdOf(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const [, traceId, parentId] = TRACEPARENT.exec(header) ?? [];
  // All-zero ids are invalid (W3C Trace Context); a caller sending them gets a new trace.
  return traceId && parentId && !NO_TRACE.test(traceId) && !NO_TRACE.test(parentId) ? traceId : undefined;
}

/**
 * A new trace's `traceparent`. Sampled with probability `TRACE_SAMPLING_RATE` (default 1, as
 * the Dapr Configurations sample): Dapr's sampler follows the parent's decision, so the app
 * that starts a trace decides for every hop of it.
 */
export function newTraceparent(samplingRate = Number(process.env.TRACE_SAMPLING_RATE ?? 1)): string {
  const sampled = Math.random() < samplingRate ? '01' : '00';
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-${sampled}`;
}

/**
 * Makes sure a request names its trace before anything logs it: a valid incoming
 * `traceparent` is continued, anything else (none, malformed) is replaced by a new trace.
 * In practice only the gateway starts traces: every other app is called by its sidecar,
 * which always sends one.
 */
export const continueOrStartTrace: RequestHandler = (req, _res, next) => {
  if (!traceIdOf(req.headers.traceparent)) {
    req.headers.traceparent = newTraceparent();
    delete req.headers.tracestate;
  }
  next();
};

const current = new AsyncLocalStorage<TraceContext>();

/**
 * Keeps the request's trace context for the rest of its handling. Mounted after the body
 * parser: a stream's callbacks do not carry the async context they were started in.
 */
export const keepTraceContext: RequestHandler = (req, _res, next) => {
  const traceparent = req.headers.traceparent;
  if (typeof traceparent !== 'string' || !traceIdOf(traceparent)) return next();
  const tracestate = req.headers.tracestate;
  current.run({ traceparent, ...(typeof tracestate === 'string' ? { tracestate } : {}) }, next);
};

/** The trace context of the work in progress (a request or an event delivery), if any. */
export const currentTraceContext = (): TraceContext | undefined => current.getStore();

/** Runs `work` within `context` (tests, and work started outside a request). */
export const withTraceContext = <T>(context: TraceContext, work: () => T): T => current.run(context, work);

/** The context as HTTP headers, for a call through the sidecar. */
export function traceHeaders(context: TraceContext | undefined): Record<string, string> {
  if (!context) return {};
  return {
    traceparent: context.traceparent,
    ...(context.tracestate ? { tracestate: context.tracestate } : {}),
  };
}
