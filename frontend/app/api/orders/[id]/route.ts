import { NextResponse } from 'next/server';
import type { OrderView } from '@sidecart/contracts';
import { currentUser } from '@/lib/auth';
import { callApi, GatewayError } from '@/lib/gateway';

/**
 * Where an order stands, for the pages that wait on the checkout saga in the browser. A page
 * that sends back the ETag it has (If-None-Match) is answered when the order changes, or with
 * 304 after a few seconds (the gateway's `Prefer: wait`), so it asks again at once, not on a timer.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) return NextResponse.json({ message: 'Please sign in again.' }, { status: 401 });
  const ifNoneMatch = request.headers.get('if-none-match');
  try {
    const { status, body, etag, preferenceApplied } = await callApi<OrderView>(
      user,
      `/orders/${encodeURIComponent((await params).id)}`,
      {
        headers: ifNoneMatch ? { 'if-none-match': ifNoneMatch, prefer: 'wait=3' } : {},
        accept: [304],
      },
    );
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (etag) headers.etag = etag;
    if (preferenceApplied) headers['preference-applied'] = preferenceApplied;
    if (status === 304) return new NextResponse(null, { status: 304, headers });
    return NextResponse.json(
      { status: body.status, approveUrl: body.payment.approveUrl, cancelReason: body.cancelReason },
      { headers },
    );
  } catch (err) {
    if (err instanceof GatewayError)
      return NextResponse.json({ message: err.message }, { status: err.status });
    throw err;
  }
}
