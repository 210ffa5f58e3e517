import type { Request, Response } from 'express';
import {
  etagOf,
  invocationProblem,
  matchesIfNoneMatch,
  propagatedHeaders,
  type Dapr,
} from '@sidecart/service-kit';
import { ReadCache } from '../domain/read-cache';
import type { Composer } from './compose';

/** A service's answer as the gateway keeps it: serialized once, with its validator. */
export type SharedAnswer = {
  status: number;
  headers: Record<string, string>;
  body: string | undefined;
  etag?: string;
};

export type CatalogCache = ReadCache<SharedAnswer>;

/**
 * How long a browser or a shared cache may reuse a catalog answer without asking again.
 * A shopper's copy is then at most the gateway's time to live plus this old.
 */
export const CLIENT_MAX_AGE_SECONDS = 1;

export const catalogCache = (options: { ttlMs: number; maxEntries: number }): CatalogCache =>
  new ReadCache<SharedAnswer>(options);

async function load(
  dapr: Dapr,
  appId: string,
  path: string,
  req: Request,
  compose?: Composer,
): Promise<SharedAnswer> {
  const answer = await dapr.invoke(appId, path, { method: 'GET', headers: propagatedHeaders(req) });
  if (answer.status >= 500) throw invocationProblem(appId, answer);
  // A composed route (recommendations with the catalog's names and prices) is kept composed.
  if (compose && answer.status === 200) {
    const body = JSON.stringify(await compose(answer.body, dapr, propagatedHeaders(req), {}));
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      etag: etagOf(body),
    };
  }
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'retry-after']) {
    const value = answer.headers.get(name);
    if (value) headers[name] = value;
  }
  const body =
    answer.body === undefined
      ? undefined
      : typeof answer.body === 'string'
        ? answer.body
        : JSON.stringify(answer.body);
  return {
    status: answer.status,
    headers,
    body,
    etag: answer.status === 200 && body ? etagOf(body) : undefined,
  };
}

/**
 * Answers an anonymous catalog read (no Authorization header: nothing per user) from the
 * gateway's cache, else from the service, without a sidecar hop on a hit. Only 200s are
 * kept; a client that sends the ETag back as If-None-Match gets 304.
 */
export async function cachedRead(
  cache: CatalogCache,
  dapr: Dapr,
  appId: string,
  path: string,
  req: Request,
  res: Response,
  compose?: Composer,
): Promise<void> {
  const answer = await cache.getOrLoad(
    `${appId}/${path}`,
    () => load(dapr, appId, path, req, compose),
    (a) => a.status === 200,
  );
  res.set(answer.headers);
  res.vary('authorization');
  if (answer.etag) {
    res.set({ etag: answer.etag, 'cache-control': `public, max-age=${CLIENT_MAX_AGE_SECONDS}` });
    if (matchesIfNoneMatch(req.get('if-none-match'), answer.etag)) {
      res.status(304).end();
      return;
    }
  }
  res.status(answer.status);
  if (answer.body === undefined) res.end();
  else res.send(answer.body);
}
