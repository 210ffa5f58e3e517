import { requireUser } from '@/lib/auth';
import { invoiceDownload } from '@/lib/invoice';

/** `/orders/{id}/credit-notes/{number}`: a credit note of the shopper's order, as a PDF download. */
export async function GET(
  _: Request,
  { params }: { params: Promise<{ id: string; number: string }> },
): Promise<Response> {
  const { id, number } = await params;
  const user = await requireUser(`/orders/${encodeURIComponent(id)}`);
  return invoiceDownload(
    user,
    id,
    (order) => `/orders/${order}/credit-notes/${encodeURIComponent(number)}.pdf`,
    (order) => `/orders/${encodeURIComponent(order)}?invoice=unavailable`,
  );
}
