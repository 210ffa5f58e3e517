/**
 * The public API as a client calls it: http://127.0.0.1:8080/api/v1 with a real bearer token,
 * signed the way the storefront signs it.
 */
import http from 'node:http';
import type { Who } from './shop';
import { GATEWAY } from './stack';
import { tokenFor } from './tokens';

export type ApiAnswer = { status: number; body: any; headers: Headers }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `who` is a user to sign a token for, a ready `Authorization` value, or nobody. */
export async function api(
  method: string,
  path: string,
  who?: Who | string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const auth = typeof who === 'string' ? who : who ? `Bearer ${await tokenFor(who)}` : undefined;
  const res = await fetch(`${GATEWAY}/api/v1${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export type RawAnswer = {
  status: number;
  type: string | null;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: http.IncomingHttpHeaders;
};

/**
 * One request to the public gateway exactly as written: node:http keeps the path as it is (fetch,
 * like a browser, would resolve `%2e%2e` itself and never send it) and the body's bytes as given.
 * `path` is under /api/v1 unless it starts with /api/.
 */
export function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  const url = new URL(GATEWAY);
  const target = path.startsWith('/api/') ? path : `/api/v1${path}`;
  // node:http frames a GET's or DELETE's body only with an explicit length.
  const headers = { ...(options.headers ?? {}) };
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: target, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // keep the text
        }
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'] ?? null,
          body,
          headers: res.headers,
        });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
