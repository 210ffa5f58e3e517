import { z } from 'zod';
import { CustomerExport } from './customer';
import { OrderView } from './order';
import { Payment } from './payment';

/**
 * `GET /me/export`: everything the shop stores about the caller, from every service (GDPR
 * art. 15 and 20). The gateway composes it: the customer service's part (profile and the
 * order history it keeps), then each of the caller's orders as the order service keeps it
 * (lines, amounts, shipping address, timeline) and each order's payment from the payment
 * service (capture, refund), read with the caller's own identity.
 */
export const AccountExport = CustomerExport.extend({
  orderRecords: z.array(OrderView),
  payments: z.array(Payment),
});
export type AccountExport = z.infer<typeof AccountExport>;
