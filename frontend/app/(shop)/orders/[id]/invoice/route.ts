import { requireUser } from '@/lib/auth';
import { invoiceDownload } from '@/lib/invoice';

/** `/orders/{id}/invoice`: the shopper's invoice of their order, as a PDF download. */
export async function GET(_: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const user = await requireUser(`/orders/${encodeURIComponent(id)}`);
  return invoiceDownload(
    user,
    id,
    (order) => `/orders/${order}/invoice.pdf`,
    (order) => `/orders/${encodeURIComponent(order)}?invoice=unavailable`,
  );
}
