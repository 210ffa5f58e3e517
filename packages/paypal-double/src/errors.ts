import { randomBytes } from 'node:crypto';
import type { Response } from 'express';

/** PayPal's error body: a name, a message, an issue per detail and a debug id. */
export type Issue = { issue: string; description: string; field?: string; location?: string };

const MESSAGES: Record<string, string> = {
  INVALID_REQUEST: 'Request is not well-formed, syntactically incorrect, or violates schema.',
  RESOURCE_NOT_FOUND: 'The specified resource does not exist.',
  UNPROCESSABLE_ENTITY:
    'The requested action could not be performed, semantically incorrect, or failed business validation.',
  SERVICE_UNAVAILABLE: 'Service Unavailable.',
};

export const debugId = () => randomBytes(7).toString('hex');

export function paypalError(name: keyof typeof MESSAGES, details: Issue[]) {
  return { name, message: MESSAGES[name], debug_id: debugId(), details };
}

export const sendError = (res: Response, status: number, name: keyof typeof MESSAGES, details: Issue[]) =>
  void res.status(status).json(paypalError(name, details));
