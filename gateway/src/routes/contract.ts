import type { Request } from 'express';
import { z } from 'zod';
import { parseBody, parseQuery, problem } from '@sidecart/service-kit';
import type { RouteDoc } from './table';

const NOTHING = z.strictObject({});

/** True when the client sent a body of any kind (parsed as JSON or not). */
const sentBody = (req: Request) =>
  Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;

/**
 * Holds a request to what the OpenAPI document says the route takes, with the same zod schemas:
 * its query (a route that documents none takes none), the headers it reads, and its body (a
 * route without one takes none, or `{}`). A mismatch is a 400 naming each field before anything
 * reaches a service; the request itself is forwarded as it came.
 */
export function checkRequest(
  doc: Pick<RouteDoc, 'query' | 'headers' | 'body' | 'bodyOptional'>,
  req: Request,
): void {
  parseQuery(doc.query ?? NOTHING, req);
  if (doc.headers) {
    const sent = Object.fromEntries(
      Object.keys(doc.headers.shape).flatMap((name) => {
        const value = req.get(name);
        return value === undefined ? [] : [[name, value]];
      }),
    );
    const parsed = doc.headers.safeParse(sent);
    if (!parsed.success) {
      throw problem(400, 'The request headers are invalid', {
        errors: parsed.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.'),
          message: issue.message,
        })),
      });
    }
  }
  if (sentBody(req) && req.body === undefined) {
    throw problem(400, 'The request body is invalid', {
      errors: [{ path: '(root)', message: 'must be JSON (Content-Type: application/json)' }],
    });
  }
  if (doc.body) {
    if (req.body !== undefined || !doc.bodyOptional) parseBody(doc.body, req);
  } else if (req.body !== undefined) {
    parseBody(NOTHING, req);
  }
}
