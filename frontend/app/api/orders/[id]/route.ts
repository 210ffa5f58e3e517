import { NextResponse } from 'next/server';
import type { OrderView } from '@sidecart/contracts';
import { currentUser } from '@/lib/auth';
import { callApi, GatewayError } from '@/lib/gateway';

/** Where an order stands, for the pages that wait on the checkout saga in the browser. */
export async function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) return NextResponse.json({ message: 'Please sign in again.' }, { status: 401 });
  try {
    const { body } = await callApi<OrderView>(user, `/orders/${encodeURIComponent((await params).id)}`);
    return NextResponse.json(
      { status: body.status, approveUrl: body.payment.approveUrl, cancelReason: body.cancelReason },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (err) {
    if (err instanceof GatewayError)
      return NextResponse.json({ message: err.message }, { status: err.status });
    throw err;
  }
}
