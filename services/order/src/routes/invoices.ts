import { pipeline } from 'node:stream/promises';
import { Router, type Response } from 'express';
import { Uuid } from '@sidecart/contracts';
import { assertOwner, notFound, requireIdentity } from '@sidecart/service-kit';
import { CREDIT_NOTE_NUMBER } from '../domain/invoice';
import { renderCreditNote, renderInvoice } from '../domain/invoice-pdf';
import type { InvoiceStore } from '../store/invoices';

/**
 * `GET /orders/:id/invoice.pdf` and `GET /orders/:id/credit-notes/:number` (the gateway's
 * `…/:number.pdf`; a whole segment, so the access policy can name it): the order's invoice or one
 * of its credit notes as a PDF, rendered from the stored document on each request and
 * streamed as pdfkit writes it. The shopper whose order it is, or an admin; anyone else, like a
 * document not issued (yet), gets 404.
 */
export function invoiceRoutes(invoices: InvoiceStore): Router {
  const router = Router();
  const sendPdf = async (res: Response, filename: string, pdf: PDFKit.PDFDocument) => {
    res.status(200);
    res.set('content-type', 'application/pdf');
    res.set('content-disposition', `attachment; filename="${filename}.pdf"`);
    res.set('cache-control', 'private, no-store');
    await pipeline(pdf, res);
  };

  router.get('/:id/invoice.pdf', async (req, res) => {
    const identity = requireIdentity(req);
    const id = req.params.id;
    const invoice = Uuid.safeParse(id).success ? await invoices.ofOrder(id) : null;
    if (!invoice) throw notFound('Invoice');
    assertOwner(identity, invoice.customerId, 'Invoice');
    await sendPdf(res, invoice.number, renderInvoice(invoice));
  });

  router.get('/:id/credit-notes/:number', async (req, res) => {
    const identity = requireIdentity(req);
    const { id, number } = req.params;
    const found =
      Uuid.safeParse(id).success && CREDIT_NOTE_NUMBER.test(number)
        ? await invoices.creditNote(id, number)
        : null;
    if (!found) throw notFound('Credit note');
    assertOwner(identity, found.invoice.customerId, 'Credit note');
    await sendPdf(res, found.note.number, renderCreditNote(found.note, found.invoice));
  });
  return router;
}
