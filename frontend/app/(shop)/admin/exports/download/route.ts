import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { requireAdmin } from '@/lib/auth';
import { GatewayError, queryString, streamApi } from '@/lib/gateway';

const KINDS = { orders: 'orders', products: 'products' } as const;

/**
 * `/admin/exports/download?kind=orders&from=…&to=…`: the gateway's CSV export, streamed through
 * to the admin's browser as a download. A refusal goes back to the exports page, which says why.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const admin = await requireAdmin('/admin/exports');
  const params = request.nextUrl.searchParams;
  const kind = KINDS[params.get('kind') as keyof typeof KINDS];
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (!kind) redirect('/admin/exports');
  let answer: Response;
  try {
    answer = await streamApi(admin, `/admin/exports/${kind}.csv?${queryString({ from, to })}`);
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    redirect(`/admin/exports?${queryString({ failed: err.message, from, to })}`);
  }
  return new Response(answer.body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition':
        answer.headers.get('content-disposition') ?? `attachment; filename="${kind}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
}
