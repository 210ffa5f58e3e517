/**
 * Jest setup for the stack tests: requests to a sidecar's API (every port of `SIDECAR`) carry the
 * run's DAPR_API_TOKEN, as a real caller inside the deployment would. `fetchWithoutToken`
 * is the untouched fetch, for tests that prove a call without the token is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DATA, SIDECAR } from './stack';

const SIDECAR_PORTS = new Set(Object.values(SIDECAR).map(String));
const plainFetch = globalThis.fetch;

export function daprApiToken(): string | undefined {
  const file = path.join(DATA, 'dapr-api-token');
  return (
    process.env.DAPR_API_TOKEN ?? (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined)
  );
}

export const fetchWithoutToken: typeof fetch = (...args) => plainFetch(...args);

globalThis.fetch = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const token = daprApiToken();
  if (!token || !SIDECAR_PORTS.has(url.port) || !url.pathname.startsWith('/v1.0/'))
    return plainFetch(input, init);
  const headers = new Headers(init.headers);
  if (!headers.has('dapr-api-token')) headers.set('dapr-api-token', token);
  return plainFetch(input, { ...init, headers });
};
