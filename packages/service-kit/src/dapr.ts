import { CommunicationProtocolEnum, DaprClient, LogLevel } from '@dapr/dapr';
import { Topics, type EventOf, type Topic } from '@sidecart/contracts';
import type { z } from 'zod';
import {
  CircuitBreaker,
  CircuitOpen,
  DEFAULT_BREAKER,
  mayRetry,
  type BreakerOptions,
  type Outcome,
} from './breaker';
import { HttpProblem, problem } from './errors';
import { storedSecretName } from './secrets';
import { sidecarRequest, type ResponseHeaders, type SidecarAnswer } from './sidecar-http';
import type { SidecarMetadata } from './subscription-health';
import { PUBSUB } from './subscriptions';
import { currentTraceContext, traceHeaders, type TraceContext } from './trace';

export const STATESTORE = 'statestore';
export const SECRETSTORE = 'secretstore';
/** The output binding that sends email (SMTP; components/email.yaml). */
export const EMAIL_BINDING = 'email';

export type DaprOptions = {
  httpPort: number;
  apiToken?: string;
  host?: string;
  /** Per-callee circuit breaker (see breaker.ts); by default 6 failures in a row open it for 15 s. */
  breaker?: BreakerOptions;
  /** Waits before each retry of an idempotent call after a connection failure. */
  retryDelaysMs?: number[];
};

export type InvokeOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  /** Give up (and answer 504) after this long; Dapr's resiliency timeout applies too. */
  timeoutMs?: number;
  /**
   * The call may be repeated without a second effect: true for GET by default; say so for a
   * write only where the callee dedupes (e.g. one payment per order). Only such calls are
   * retried, and only after a connection failure, never after a timeout.
   */
  idempotent?: boolean;
  /**
   * A health probe: it is sent even while the callee's breaker is open (so a readiness check
   * sees the truth, and its success closes the breaker), and counts like any other call.
   */
  probe?: boolean;
  /** The answer's body as bytes (a picture), not parsed as JSON or text. */
  binary?: boolean;
};

/** The raw answer of an invoked app: status, headers and parsed body, passed on as they are. */
export type InvokeResponse = { status: number; headers: ResponseHeaders; body: unknown };

export type StateEntry<T> = { value: T; etag: string } | { value: undefined; etag: undefined };

export class EtagMismatch extends Error {
  constructor(readonly key: string) {
    super(`state ${key} was changed by someone else`);
  }
}

/**
 * Typed access to the app's own sidecar. Publishing and secrets go through the
 * official SDK (`@dapr/dapr`); invocation and state use the sidecar's HTTP API
 * directly because the SDK drops what we need there: the callee's status code and
 * problem body on invoke, and the ETag on a state read.
 */
export class Dapr {
  readonly sdk: DaprClient;
  private readonly base: string;

  constructor(private readonly options: DaprOptions) {
    const host = options.host ?? '127.0.0.1';
    this.base = `http://${host}:${options.httpPort}/v1.0`;
    this.sdk = new DaprClient({
      daprHost: host,
      daprPort: String(options.httpPort),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      daprApiToken: options.apiToken,
      logger: { level: LogLevel.Error },
    });
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.options.apiToken ? { 'dapr-api-token': this.options.apiToken } : {}), ...extra };
  }

  /** The sidecar can reach components and other apps (used by readiness checks). */
  async outboundHealthy(): Promise<void> {
    const res = await sidecarRequest(`${this.base}/healthz/outbound`, { timeoutMs: 5_000 });
    if (res.status !== 204) throw new Error(`sidecar answered ${res.status}`);
  }

  /** The sidecar's metadata (`GET /v1.0/metadata`): its components, subscriptions and more. */
  async metadata(): Promise<SidecarMetadata> {
    const res = await sidecarRequest(`${this.base}/metadata`, { headers: this.headers(), timeoutMs: 10_000 });
    if (!ok(res)) throw new Error(`sidecar metadata answered ${res.status}`);
    return JSON.parse(res.text) as SidecarMetadata;
  }

  /**
   * Service invocation through Dapr: `/v1.0/invoke/<appId>/method/<path>`, behind the
   * callee's circuit breaker, with retries only where they are safe (breaker.ts).
   */
  async invoke(appId: string, path: string, options: InvokeOptions = {}): Promise<InvokeResponse> {
    const { method = 'GET' } = options;
    const idempotent = options.idempotent ?? method === 'GET';
    const breaker = this.breakerOf(appId);
    // Long enough for gRPC's reconnect backoff (about 1 s) after a callee's sidecar restarts.
    const delays = this.options.retryDelaysMs ?? [100, 400, 1000];
    // One call is one outcome for the breaker, however many attempts it took: retries after a
    // callee's sidecar restart must not add up to an open breaker (503 for everyone for 15 s).
    if (!options.probe) admit(appId, breaker);
    for (let attempt = 0; ; attempt++) {
      const { outcome, response } = await this.attempt(appId, path, options);
      const delay = delays[attempt];
      if (delay !== undefined && mayRetry(outcome, idempotent)) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        continue;
      }
      breaker.record(outcome);
      if (response) return response;
      const timeoutMs = options.timeoutMs ?? 10_000;
      if (outcome.kind === 'timeout') {
        throw problem(504, `${appId} did not answer within ${timeoutMs} ms`);
      }
      throw problem(503, `The sidecar could not be reached to call ${appId}`);
    }
  }

  private invokeUrl(appId: string, path: string): string {
    return `${this.base}/invoke/${appId}/method/${path.replace(/^\//, '')}`;
  }

  private readonly breakers = new Map<string, CircuitBreaker>();
  private breakerOf(appId: string): CircuitBreaker {
    let breaker = this.breakers.get(appId);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options.breaker ?? DEFAULT_BREAKER);
      this.breakers.set(appId, breaker);
    }
    return breaker;
  }

  /** One call through the sidecar, and what it says about the callee's health. */
  private async attempt(
    appId: string,
    path: string,
    options: InvokeOptions,
  ): Promise<{ outcome: Outcome; response?: InvokeResponse }> {
    const { method = 'GET', body, headers = {}, timeoutMs = 10_000 } = options;
    const url = this.invokeUrl(appId, path);
    // The call continues the trace of the work in progress, unless the caller names one.
    const trace = headers.traceparent ? {} : traceHeaders(currentTraceContext());
    let res: SidecarAnswer;
    try {
      res = await sidecarRequest(url, {
        method,
        headers: this.headers({
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...trace,
          ...headers,
        }),
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs,
      });
    } catch (err) {
      return { outcome: { kind: (err as Error).name === 'TimeoutError' ? 'timeout' : 'connection' } };
    }
    // A picture's bytes pass as they are; anything else (and every error) is read as JSON or text.
    const bytes = options.binary && ok(res) ? res.bytes : undefined;
    const parsed = bytes ? undefined : answerBody(res.text);
    const dapr = parsed as { errorCode?: unknown; message?: unknown } | undefined;
    const outcome: Outcome = {
      kind: 'answered',
      status: res.status,
      ...(dapr && typeof dapr === 'object' && typeof dapr.errorCode === 'string'
        ? { daprError: dapr.errorCode, message: String(dapr.message ?? '') }
        : {}),
    };
    return { outcome, response: { status: res.status, headers: res.headers, body: bytes ?? parsed } };
  }

  /**
   * Service invocation whose 200 answer is passed on as a stream (a CSV export), not read
   * into memory: `timeoutMs` bounds the wait for the answer's headers, not its body. Behind
   * the callee's breaker like `invoke`, never retried; any other answer is read as `invoke` does.
   */
  async invokeStream(
    appId: string,
    path: string,
    options: Pick<InvokeOptions, 'headers' | 'timeoutMs'> = {},
  ): Promise<{ status: 200; headers: Headers; stream: ReadableStream<Uint8Array> } | InvokeResponse> {
    const breaker = this.breakerOf(appId);
    admit(appId, breaker);
    const { headers = {}, timeoutMs = 10_000 } = options;
    const trace = headers.traceparent ? {} : traceHeaders(currentTraceContext());
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let res: Response;
    try {
      res = await fetch(this.invokeUrl(appId, path), {
        headers: this.headers({ ...trace, ...headers }),
        signal: abort.signal,
      });
    } catch {
      const timedOut = abort.signal.aborted;
      breaker.record({ kind: timedOut ? 'timeout' : 'connection' });
      if (timedOut) throw problem(504, `${appId} did not answer within ${timeoutMs} ms`);
      throw problem(503, `The sidecar could not be reached to call ${appId}`);
    } finally {
      clearTimeout(timer);
    }
    breaker.record({ kind: 'answered', status: res.status });
    if (res.status === 200 && res.body) return { status: 200, headers: res.headers, stream: res.body };
    return { status: res.status, headers: res.headers, body: answerBody(await res.text()) };
  }

  /** Invoke and parse a 2xx answer with `schema`; anything else becomes an HttpProblem. */
  async call<T extends z.ZodType>(
    appId: string,
    path: string,
    schema: T,
    options: InvokeOptions = {},
  ): Promise<z.infer<T>> {
    const res = await this.invoke(appId, path, options);
    if (res.status >= 200 && res.status < 300) return schema.parse(res.body);
    throw invocationProblem(appId, res);
  }

  /**
   * Publishes a contract-checked event on `pubsub` (wrapped in a CloudEvent by Dapr). With
   * `trace`, the sidecar's publish span continues it and the CloudEvent carries it to every
   * consumer (the outbox relay passes the context of the change that enqueued the event).
   * The sidecar's HTTP API rather than the SDK, whose publish sends no headers.
   */
  async publish<T extends Topic>(topic: T, event: EventOf<T>, trace?: TraceContext): Promise<void> {
    const payload = Topics[topic].parse(event);
    let res: SidecarAnswer;
    try {
      res = await sidecarRequest(`${this.base}/publish/${PUBSUB}/${topic}`, {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/json', ...traceHeaders(trace) }),
        body: JSON.stringify(payload),
        timeoutMs: 30_000,
      });
    } catch (err) {
      throw new Error(`publish to ${topic} failed: ${(err as Error).message}`);
    }
    if (!ok(res)) throw new Error(`publish to ${topic} failed: ${res.status} ${res.text}`);
  }

  /**
   * Runs an operation of an output binding (`POST /v1.0/bindings/<name>`): `create` on the `email`
   * binding with the message as `data` and its recipient and subject as `metadata`, `create` or
   * `get` on the `images` binding. `data` is sent as it is (a string, or JSON); the answer's body
   * comes back as bytes. Throws unless the binding reports success (with daprd's message), so an
   * event handler that calls it answers RETRY.
   */
  async invokeBinding(
    name: string,
    operation: string,
    request: { data?: unknown; metadata?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<Buffer> {
    const { timeoutMs = 10_000, ...rest } = request;
    let res: SidecarAnswer;
    try {
      res = await sidecarRequest(`${this.base}/bindings/${name}`, {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/json', ...traceHeaders(currentTraceContext()) }),
        body: JSON.stringify({ operation, ...rest }),
        timeoutMs,
      });
    } catch (err) {
      throw new Error(`binding ${name} ${operation} failed: ${(err as Error).message}`);
    }
    if (!ok(res)) throw new Error(`binding ${name} ${operation} failed: ${res.status} ${res.text}`);
    return res.bytes;
  }

  /** Reads one secret from the `secretstore` component (under its stored name, see storedSecretName). */
  async secret(name: string): Promise<string> {
    const result = (await this.sdk.secret.get(SECRETSTORE, storedSecretName(name))) as Record<string, string>;
    const value = result[name];
    if (value === undefined) throw new Error(`secret ${name} is missing from ${SECRETSTORE}`);
    return value;
  }

  /** Reads a state entry with its ETag; a missing key gives `{ value: undefined }`. */
  async getState<T>(key: string, store = STATESTORE): Promise<StateEntry<T>> {
    const res = await sidecarRequest(`${this.base}/state/${store}/${encodeURIComponent(key)}`, {
      headers: this.headers(),
      timeoutMs: 30_000,
    });
    if (res.status === 204 || res.status === 404) return { value: undefined, etag: undefined };
    if (!ok(res)) throw new Error(`state read of ${key} failed: ${res.status} ${res.text}`);
    return { value: JSON.parse(res.text) as T, etag: res.headers.get('etag') ?? '' };
  }

  /**
   * Saves a state entry. With `etag`, the save succeeds only if nobody wrote since
   * that read (first-write-wins); `etag: null` means "must not exist yet".
   */
  async saveState<T>(
    key: string,
    value: T,
    options: { etag?: string | null; ttlSeconds?: number; store?: string } = {},
  ): Promise<void> {
    const { etag, ttlSeconds, store = STATESTORE } = options;
    const entry = {
      key,
      value,
      ...(etag ? { etag } : {}),
      options: { concurrency: etag === undefined ? 'last-write' : 'first-write' },
      ...(ttlSeconds ? { metadata: { ttlInSeconds: String(ttlSeconds) } } : {}),
    };
    const res = await sidecarRequest(`${this.base}/state/${store}`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify([entry]),
      timeoutMs: 30_000,
    });
    if (res.status === 409) throw new EtagMismatch(key);
    if (!ok(res)) {
      const text = res.text;
      // A must-not-exist save of a key that exists: state.postgresql answers "no item was updated",
      // state.redis with its script's refusal ("ERR user_script:14: failed to set key <key>"; a
      // connection error says "failed to set key" too, but never from the script). state.mysql
      // answers with an ETag error (409).
      if (etag === null && /etag|no item was updated|user_script:\d+: failed to set key/i.test(text))
        throw new EtagMismatch(key);
      // An ETag no version ever had (a client's malformed If-Match): daprd answers 400, "invalid etag".
      if (etag && res.status === 400 && /etag/i.test(text)) throw new EtagMismatch(key);
      throw new Error(`state save of ${key} failed: ${res.status} ${text}`);
    }
  }

  /**
   * Writes and deletes several entries atomically (the state store's transaction): all or none.
   * Each operation with an `etag` succeeds only if nobody wrote that key since it was read;
   * `etag: null` on an upsert means "must not exist yet". A stale ETag → EtagMismatch.
   */
  async transactState(
    operations: (
      | { operation: 'upsert'; key: string; value: unknown; etag?: string | null; ttlSeconds?: number }
      | { operation: 'delete'; key: string; etag?: string }
    )[],
    store = STATESTORE,
  ): Promise<void> {
    const body = {
      operations: operations.map((op) => ({
        operation: op.operation,
        request: {
          key: op.key,
          ...(op.operation === 'upsert' ? { value: op.value } : {}),
          ...(op.etag ? { etag: op.etag } : {}),
          ...(op.etag !== undefined ? { options: { concurrency: 'first-write' } } : {}),
          ...(op.operation === 'upsert' && op.ttlSeconds
            ? { metadata: { ttlInSeconds: String(op.ttlSeconds) } }
            : {}),
        },
      })),
    };
    const res = await sidecarRequest(`${this.base}/state/${store}/transaction`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify(body),
      timeoutMs: 30_000,
    });
    if (res.status === 409) throw new EtagMismatch(operations.map((op) => op.key).join(', '));
    if (!ok(res)) {
      const text = res.text;
      // As saveState: each store words a lost race its own way inside the transaction's error.
      if (/etag|no item was updated|failed to set key|duplicate key/i.test(text))
        throw new EtagMismatch(operations.map((op) => op.key).join(', '));
      throw new Error(`state transaction failed: ${res.status} ${text}`);
    }
  }

  async deleteState(key: string, options: { etag?: string; store?: string } = {}): Promise<void> {
    const { etag, store = STATESTORE } = options;
    const res = await sidecarRequest(`${this.base}/state/${store}/${encodeURIComponent(key)}`, {
      method: 'DELETE',
      headers: this.headers(etag ? { 'if-match': etag } : {}),
      timeoutMs: 30_000,
    });
    if (res.status === 409) throw new EtagMismatch(key);
    if (!ok(res)) throw new Error(`state delete of ${key} failed: ${res.status}`);
  }
}

const ok = (res: SidecarAnswer) => res.status >= 200 && res.status < 300;

/** Lets a call through the callee's breaker, or refuses it with 503 and when to try again. */
function admit(appId: string, breaker: CircuitBreaker): void {
  try {
    breaker.admit();
  } catch (err) {
    if (!(err instanceof CircuitOpen)) throw err;
    throw problem(503, `${appId} is unavailable right now`, {
      headers: { 'retry-after': String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))) },
    });
  }
}

/** An invoked app's answer body: parsed JSON, the text when it is not JSON, nothing when empty. */
function answerBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text; // not JSON: keep the text
  }
}

/** Maps a failed invocation to a problem: the callee's own 4xx passes through, outages become 503/504. */
export function invocationProblem(appId: string, res: InvokeResponse): HttpProblem {
  const body = res.body as { title?: string; detail?: string; errors?: { path: string; message: string }[] };
  if (res.status >= 400 && res.status < 500 && body && typeof body === 'object' && 'status' in body) {
    return new HttpProblem(res.status, body.title ?? 'Error', body.detail, body.errors);
  }
  const dapr = res.body as { errorCode?: string; message?: string } | undefined;
  const daprTimeout =
    dapr?.errorCode === 'ERR_DIRECT_INVOKE' && /deadline exceeded/i.test(String(dapr.message ?? ''));
  if (res.status === 504 || daprTimeout) return problem(504, `${appId} did not answer in time`);
  // daprd answers 500 with ERR_DIRECT_INVOKE when the app is down or unreachable.
  return problem(503, `${appId} is unavailable right now`);
}
