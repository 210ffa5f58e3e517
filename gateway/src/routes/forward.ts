import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { invocationProblem, propagatedHeaders, type Dapr } from '@sidecart/service-kit';
import type { Composer } from './compose';

/**
 * Passes a public request on to a service through Dapr and its answer back unchanged
 * (status, body, problem details). Outages become 503/504 problems. Only the headers
 * named here cross the hop: client-sent identity headers never reach a service.
 */
export async function forward(
  dapr: Dapr,
  appId: string,
  path: string,
  req: Request,
  res: Response,
  options: {
    body?: unknown;
    headers?: Record<string, string>;
    compose?: Composer;
    /** The answer is bytes (a picture): passed on as they are, with how long they may be kept. */
    binary?: boolean;
    /** Runs once the service has answered (below 500), before the client hears of it. */
    onAnswer?: (status: number, body: unknown) => Promise<void>;
  } = {},
): Promise<void> {
  const hasBody = req.method !== 'GET' && req.method !== 'DELETE';
  const answer = await dapr.invoke(appId, path, {
    method: req.method as 'GET',
    body: hasBody ? (options.body ?? req.body ?? {}) : undefined,
    headers: { ...propagatedHeaders(req), ...(options.headers ?? {}) },
    binary: options.binary,
  });
  if (answer.status >= 500) throw invocationProblem(appId, answer);
  if (options.onAnswer) await options.onAnswer(answer.status, answer.body);
  if (options.compose && answer.status === 200) {
    for (const name of ['content-disposition', 'etag', 'preference-applied']) {
      const value = answer.headers.get(name);
      if (value) res.set(name, value);
    }
    res.json(await options.compose(answer.body, dapr, propagatedHeaders(req), options.headers ?? {}));
    return;
  }
  for (const name of ['content-type', 'content-disposition', 'etag', 'preference-applied', 'retry-after']) {
    const value = answer.headers.get(name);
    if (value) res.set(name, value);
  }
  if (Buffer.isBuffer(answer.body)) {
    for (const name of ['cache-control', 'content-security-policy', 'x-content-type-options']) {
      const value = answer.headers.get(name);
      if (value) res.set(name, value);
    }
    // Public pictures: any site may show them (helmet's default allows only this origin).
    res.set('cross-origin-resource-policy', 'cross-origin');
  }
  res.status(answer.status);
  if (answer.body === undefined) res.end();
  else if (Buffer.isBuffer(answer.body)) res.send(answer.body);
  else res.send(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
}

/**
 * A GET whose answer is a file streamed through (a CSV export): the service's 200 goes to the
 * client as it arrives, never held whole in the gateway; any other answer is passed on as
 * `forward` does. A client that goes away stops the read.
 */
export async function forwardStream(
  dapr: Dapr,
  appId: string,
  path: string,
  req: Request,
  res: Response,
  headers: Record<string, string>,
): Promise<void> {
  const answer = await dapr.invokeStream(appId, path, {
    headers: { ...propagatedHeaders(req), ...headers },
  });
  if (!('stream' in answer) && answer.status >= 500) throw invocationProblem(appId, answer);
  for (const name of ['content-type', 'content-disposition', 'retry-after']) {
    const value = answer.headers.get(name);
    if (value) res.set(name, value);
  }
  res.status(answer.status);
  if ('stream' in answer) {
    res.set('cache-control', 'no-store');
    await pipeline(Readable.fromWeb(answer.stream as import('node:stream/web').ReadableStream), res);
    return;
  }
  if (answer.body === undefined) res.end();
  else res.send(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
}
