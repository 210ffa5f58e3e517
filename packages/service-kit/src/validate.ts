import type { Request } from 'express';
import type { z } from 'zod';
import { fieldErrors, problem } from './errors';

function parseOr400<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw problem(400, `The request ${where} is invalid`, { errors: fieldErrors(result.error) });
  }
  return result.data;
}

/** Parse and type a request part; a mismatch becomes 400 problem+json naming each field. */
export const parseBody = <T extends z.ZodType>(schema: T, req: Request) =>
  parseOr400(schema, req.body ?? {}, 'body');
export const parseQuery = <T extends z.ZodType>(schema: T, req: Request) =>
  parseOr400(schema, req.query, 'query');
export const parseParams = <T extends z.ZodType>(schema: T, req: Request) =>
  parseOr400(schema, req.params, 'path');
export const parseHeaders = <T extends z.ZodType>(schema: T, req: Request) =>
  parseOr400(schema, req.headers, 'headers');
