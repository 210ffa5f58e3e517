import { Subscriptions, type Logger } from '@sidecart/service-kit';
import type { SendMail } from '../clients/email';
import type { Customer } from '../domain/customer';
import type { OrderTopic } from '../domain/order-history';
import { orderConfirmationMail, shippingNoticeMail, type OrderMail } from '../domain/order-mail';
import type { OrderMails } from '../store/mails';
import type { OrderHistory } from '../store/order-history';

const TOPICS: OrderTopic[] = [
  'order.placed',
  'order.changed',
  'order.confirmed',
  'order.cancelled',
  'order.shipped',
  'order.refunded',
];

export type OrderEventDeps = {
  history: OrderHistory;
  /** The account, or null once erased (or never opened). */
  customerOf: (customerId: string) => Promise<Customer | null>;
  mails: OrderMails;
  send: SendMail;
};

/**
 * The customer service follows every order event of its customers:
 *
 * - the order history projection: every order event of a customer, recorded once per eventId,
 *   and kept only while the account exists. An erased account's history is gone for good: an
 *   order event that arrives after the erasure (late, or redelivered) is removed again at once.
 *   The account is checked after the write, and the erasure deletes the account before the
 *   history, so whichever runs second sees the other: no event outlives an erasure.
 * - the order emails: a confirmation on `order.confirmed`, a shipping notice on `order.shipped`,
 *   to the account's email (this service owns it), each at most once per order (`sendOnce`).
 */
export function orderEventSubscriptions({ history, customerOf, mails, send }: OrderEventDeps): Subscriptions {
  const subscriptions = new Subscriptions();
  for (const topic of TOPICS) {
    subscriptions.subscribe(topic, async (event, { logger }) => {
      const recorded = await history.record({ topic, event } as never);
      const customer = await customerOf(event.customerId);
      if (!customer) {
        await history.forget(event.customerId);
        logger.info({ orderId: event.orderId }, 'order event of an erased account, not kept');
        return;
      }
      if (!recorded) logger.info({ orderId: event.orderId }, 'order event already recorded');
      // Each effect has its own dedupe: a redelivery after a failed send sends the mail even
      // though the history recorded the event the first time.
      if (topic === 'order.confirmed')
        await sendOnce(orderConfirmationMail(event as never, customer), logger);
      else if (topic === 'order.shipped')
        await sendOnce(shippingNoticeMail(event as never, customer), logger);
    });
  }

  /**
   * Claims the mail (inserts its record, keyed by order and kind), sends it through the `email`
   * binding, and marks it sent. A delivery that finds it claimed sends nothing. A failed send
   * gives the claim back and throws, so Dapr redelivers the event and the mail is tried again.
   */
  async function sendOnce(mail: OrderMail, logger: Logger): Promise<void> {
    const log = logger.child({ orderId: mail.orderId, mail: mail.kind });
    if (!(await mails.claim(mail))) {
      log.info('order mail already sent, not sent again');
      return;
    }
    try {
      await send({ to: mail.to, subject: mail.subject, html: mail.html });
    } catch (err) {
      await mails.release(mail.id);
      throw err;
    }
    await mails.markSent(mail.id);
    // An erasure that ran meanwhile deleted the account first: its mails go too.
    if (!(await customerOf(mail.customerId))) await mails.forget(mail.customerId);
    log.info('order mail sent');
  }

  // The route erases the history with the account; this makes sure of it (at least once).
  subscriptions.subscribe('customer.deleted', async (event) => {
    await history.forget(event.customerId);
    await mails.forget(event.customerId);
  });
  return subscriptions;
}
