import { requireAdmin } from '@/lib/auth';
import { invoiceDownload } from '@/lib/invoice';

/** `/admin/orders/{id}/credit-notes/{number}`: a credit note of any order, for an admin, as a PDF download. */
export async function GET(
  _: Request,
  { params }: { params: Promise<{ id: string; number: string }> },
): Promise<Response> {
  const { id, number } = await params;
  const admin = await requireAdmin('/admin/orders');
  return invoiceDownload(
    admin,
    id,
    (order) => `/admin/orders/${order}/credit-notes/${encodeURIComponent(number)}.pdf`,
    (order) => `/admin/orders?${new URLSearchParams({ invoiceFailed: order })}`,
  );
}
