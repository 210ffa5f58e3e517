import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { Uuid } from '@sidecart/contracts';
import { assertOwner, notFound, requireIdentity } from '@sidecart/service-kit';
import { renderInvoice } from '../domain/invoice-pdf';
import type { InvoiceStore } from '../store/invoices';

/**
 * `GET /orders/:id/invoice.pdf`: the order's invoice as a PDF, rendered from the stored invoice
 * on each request and streamed as pdfkit writes it. The shopper whose order it is, or an admin;
 * anyone else, like an order without an invoice (yet), gets 404.
 */
export function invoiceRoutes(invoices: InvoiceStore): Router {
  const router = Router();
  router.get('/:id/invoice.pdf', async (req, res) => {
    const identity = requireIdentity(req);
    const id = req.params.id;
    const invoice = Uuid.safeParse(id).success ? await invoices.ofOrder(id) : null;
    if (!invoice) throw notFound('Invoice');
    assertOwner(identity, invoice.customerId, 'Invoice');
    res.status(200);
    res.set('content-type', 'application/pdf');
    res.set('content-disposition', `attachment; filename="${invoice.number}.pdf"`);
    res.set('cache-control', 'private, no-store');
    await pipeline(renderInvoice(invoice), res);
  });
  return router;
}
