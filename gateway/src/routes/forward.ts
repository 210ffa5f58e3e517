import type { Request, Response } from 'express';
import { invocationProblem, propagatedHeaders, type Dapr } from '@sidecart/service-kit';

/**
 * Passes a public request on to a service through Dapr and its answer back unchanged
 * (status, body, problem details). Outages become 503/504 problems.
 */
export async function forward(
  dapr: Dapr,
  appId: string,
  path: string,
  req: Request,
  res: Response,
  body: unknown = req.body,
): Promise<void> {
  const answer = await dapr.invoke(appId, path, {
    method: req.method as 'GET',
    body: req.method === 'GET' || req.method === 'DELETE' ? undefined : body,
    headers: propagatedHeaders(req),
  });
  if (answer.status >= 500) throw invocationProblem(appId, answer);
  const type = answer.headers.get('content-type');
  if (type) res.type(type);
  const etag = answer.headers.get('etag');
  if (etag) res.set('etag', etag);
  res.status(answer.status);
  if (answer.body === undefined) res.end();
  else res.send(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
}
