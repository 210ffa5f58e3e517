/** What the gateway's in-process tests share: a quiet logger, a signing key, an app without Redis. */
import { SignJWT } from 'jose';
import { createLogger, Dapr, type InvokeOptions, type InvokeResponse } from '@sidecart/service-kit';
import { createGatewayApp, type GatewayDeps } from '../src/app';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../src/auth/tokens';
import { MemorySessionEnds } from '../src/store/sessions';

export const logger = createLogger('gateway-test');
logger.level = 'silent';

export const KEY = new TextEncoder().encode('test-key-that-is-at-least-32-bytes-long!!');

/** The gateway app over `dapr`, with no rate limit and sessions kept in memory, unless overridden. */
export const testGateway = (dapr: Dapr, overrides: Partial<GatewayDeps> = {}) =>
  createGatewayApp({
    dapr,
    logger,
    jwtKeys: { current: KEY, byId: new Map() },
    sessions: new MemorySessionEnds(),
    limit: async () => undefined,
    storefrontOrigin: 'http://localhost:3000',
    trustProxy: 'loopback',
    ...overrides,
  });

/** A token as the storefront signs it, for `sub`, with these claims. */
export const signedToken = (sub: string, claims: Record<string, unknown> = { role: 'customer' }) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(KEY);

/** Records what would be forwarded, and answers 200 without a sidecar. */
export class RecordingDapr extends Dapr {
  readonly calls: string[] = [];
  constructor() {
    super({ httpPort: 1 });
  }
  override async invoke(appId: string, path: string, options: InvokeOptions = {}): Promise<InvokeResponse> {
    this.calls.push(`${options.method ?? 'GET'} ${appId} ${path}`);
    return { status: 200, headers: new Headers({ 'content-type': 'application/json' }), body: {} };
  }
}
