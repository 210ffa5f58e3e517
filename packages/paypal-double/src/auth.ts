import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { DoubleState } from './state';

export type Credentials = { clientId: string; clientSecret: string };

const TOKEN_LIFETIME_SECONDS = 32_400;

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function basicCredentials(header: string | undefined): Credentials | null {
  const match = /^Basic (.+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

/** POST /v1/oauth2/token: client-credentials grant with HTTP basic auth, as the SDK sends it. */
export function oauthRoutes(state: DoubleState, accepted: Credentials): Router {
  const router = Router();
  router.post('/v1/oauth2/token', (req, res) => {
    const given = basicCredentials(req.get('authorization'));
    if (
      !given ||
      !same(given.clientId, accepted.clientId) ||
      !same(given.clientSecret, accepted.clientSecret)
    ) {
      res.status(401).json({ error: 'invalid_client', error_description: 'Client Authentication failed' });
      return;
    }
    const grant = (req.body as { grant_type?: string } | undefined)?.grant_type;
    if (grant !== 'client_credentials') {
      res
        .status(400)
        .json({ error: 'unsupported_grant_type', error_description: `Grant type ${grant} is not supported` });
      return;
    }
    const accessToken = `A21AA${randomBytes(24).toString('base64url')}`;
    state.tokens.set(accessToken, {
      clientId: given.clientId,
      expiresAt: Date.now() + TOKEN_LIFETIME_SECONDS * 1000,
    });
    res.json({
      scope:
        'https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund',
      access_token: accessToken,
      token_type: 'Bearer',
      app_id: 'APP-SIDECART-DOUBLE',
      expires_in: TOKEN_LIFETIME_SECONDS,
      nonce: `${new Date().toISOString()}${randomBytes(8).toString('hex')}`,
    });
  });
  return router;
}

/** Every REST call needs a bearer token the double issued; the SDK fetches a new one on 401. */
export function requireBearer(state: DoubleState): RequestHandler {
  return (req, res, next) => {
    const token = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const grant = token ? state.tokens.get(token) : undefined;
    if (!grant || grant.expiresAt < Date.now()) {
      res
        .status(401)
        .json({ error: 'invalid_token', error_description: 'Token signature verification failed' });
      return;
    }
    next();
  };
}
