import { redirect } from 'next/navigation';
import type { SignedIn } from '@/lib/auth';
import { GatewayError, streamApi } from '@/lib/gateway';

const ORDER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * An order's invoice (or one of its credit notes) from the gateway (`apiPath(id)`: the shopper's route or the admin's), streamed
 * through to the browser as a PDF download. A malformed id, an order without an invoice (or
 * someone else's) and an outage go back to `back(id)`, the page that says why.
 */
export async function invoiceDownload(
  caller: SignedIn,
  id: string,
  apiPath: (id: string) => string,
  back: (id: string) => string,
): Promise<Response> {
  if (!ORDER_ID.test(id)) redirect(back(id));
  let answer: Response;
  try {
    answer = await streamApi(caller, apiPath(id));
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    redirect(back(id));
  }
  return new Response(answer.body, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition':
        answer.headers.get('content-disposition') ?? 'attachment; filename="document.pdf"',
      'cache-control': 'private, no-store',
    },
  });
}
