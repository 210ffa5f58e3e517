import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import type { Problem } from '@sidecart/contracts';

export type FieldError = { path: string; message: string };

/** An error that becomes an RFC 9457 problem response. Throw it from any handler. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const statusTitle = (status: number) => titles[status] ?? 'Error';

/**
 * The one way to refuse a request: the status, what went wrong, and where it helps the fields
 * at fault (`errors`) or headers for the client (e.g. `retry-after`). The title is the status's.
 */
export const problem = (
  status: number,
  detail: string,
  more: { errors?: FieldError[]; headers?: Record<string, string> } = {},
) => new HttpProblem(status, statusTitle(status), detail, more.errors, more.headers);

/**
 * What a business rule can say instead of yes, and the status each is answered with: the one
 * mapping from domain outcomes to HTTP. Domain and store code throw `Refused` (or a subclass
 * naming the rule) without knowing HTTP; `problemHandler` answers it with its message.
 */
const REFUSALS = { conflict: 409, 'not-found': 404 } as const;
export type Refusal = keyof typeof REFUSALS;

export class Refused extends Error {
  constructor(
    readonly refusal: Refusal,
    detail: string,
  ) {
    super(detail);
  }
}

/** The usual 404: "Order was not found". */
export const notFound = (what: string) => problem(404, `${what} was not found`);

export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const parts = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
    // Unknown keys are reported on the parent; name the offending key so the client knows which one.
    if (issue.code === 'unrecognized_keys') parts.push(...issue.keys.slice(0, 1));
    return { path: parts.join('.') || '(root)', message: issue.message };
  });
}

export function problemBody(status: number, title: string, detail?: string, errors?: FieldError[]): Problem {
  return {
    type: status === 400 && errors ? 'https://sidecart.dev/problems/validation' : 'about:blank',
    title,
    status,
    ...(detail ? { detail } : {}),
    ...(errors ? { errors } : {}),
  };
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(problem(404, `No route for ${req.method} ${req.path}`));
};

/** Turns anything thrown into problem+json; never leaks a stack trace to the client. */
export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let status = 500;
  let title = statusTitle(500);
  let detail: string | undefined = 'An unexpected error occurred';
  let errors: FieldError[] | undefined;
  let headers: Record<string, string> = {};

  if (err instanceof HttpProblem) {
    ({ status, title, detail, errors, headers } = err);
  } else if (err instanceof Refused) {
    status = REFUSALS[err.refusal];
    title = statusTitle(status);
    detail = err.message;
  } else if (err instanceof z.ZodError) {
    status = 400;
    title = statusTitle(400);
    detail = 'The request is invalid';
    errors = fieldErrors(err);
  } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    // body-parser errors: malformed JSON, body too large, unsupported charset.
    status = err.status;
    title = statusTitle(status);
    detail = err.type === 'entity.parse.failed' ? 'The request body is not valid JSON' : err.message;
  }

  if (status >= 500) req.log?.error({ err }, 'request failed');
  else req.log?.debug({ status, detail, errors }, 'request rejected');

  const requestId = req.id ? String(req.id) : undefined;
  res
    .status(status)
    .set(headers)
    .type('application/problem+json')
    .json({ ...problemBody(status, title, detail, errors), ...(requestId ? { requestId } : {}) });
};
