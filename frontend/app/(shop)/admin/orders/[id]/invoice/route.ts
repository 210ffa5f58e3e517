import { requireAdmin } from '@/lib/auth';
import { invoiceDownload } from '@/lib/invoice';

/** `/admin/orders/{id}/invoice`: any order's invoice, for an admin, as a PDF download. */
export async function GET(_: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const admin = await requireAdmin('/admin/orders');
  return invoiceDownload(
    admin,
    id,
    (order) => `/admin/orders/${order}/invoice.pdf`,
    (order) => `/admin/orders?${new URLSearchParams({ invoiceFailed: order })}`,
  );
}
