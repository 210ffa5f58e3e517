import { PictureName } from '@sidecart/contracts';
import { GATEWAY_URL } from '@/lib/gateway';

/** What a picture's answer keeps from the gateway's: its type, and that it may be cached for good. */
const KEPT = ['content-type', 'cache-control', 'content-security-policy', 'x-content-type-options'];

/**
 * Product pictures at the address the catalog gives them (`/api/v1/images/<name>`), on the
 * storefront's own origin: the browser never talks to the gateway, so the storefront passes the
 * request on and the bytes back. The names are content hashes, so the answer is cached by the
 * browser for a year (`immutable`) and asked for once.
 */
export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  if (!PictureName.safeParse(name).success) return new Response(null, { status: 404 });
  const headers: Record<string, string> = {};
  // The gateway rate-limits per client: tell it who the client is, not that it is us.
  const client = request.headers.get('x-forwarded-for');
  if (client) headers['x-forwarded-for'] = client;
  let res: Response;
  try {
    res = await fetch(`${GATEWAY_URL}/api/v1/images/${name}`, {
      headers,
      cache: 'no-store',
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return new Response(null, { status: 503 });
  }
  const answer = new Headers();
  for (const header of KEPT) {
    const value = res.headers.get(header);
    if (value) answer.set(header, value);
  }
  if (!res.ok) answer.set('cache-control', 'no-store');
  return new Response(res.ok ? res.body : null, { status: res.status, headers: answer });
}
