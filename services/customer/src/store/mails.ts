import { Schema, type Connection } from 'mongoose';
import type { OrderMail } from '../domain/order-mail';

/**
 * The order emails the service sent (or is sending), one document per order and kind, keyed
 * `<kind>:<orderId>`. Inserting that document is the dedupe and the record of the mail in one
 * atomic write (FerretDB has no multi-document transactions, and applies concurrent updates of one
 * document without isolation, so the claim is an insert, never an update): of two deliveries of an
 * order's event, concurrent or not, only the one whose insert succeeds sends the mail.
 */
type MailDoc = Omit<OrderMail, 'id'> & {
  _id: string; // `<kind>:<orderId>`
  claimedAt: Date;
  /** Set once the SMTP binding accepted it. */
  sentAt?: Date;
};

const mailSchema = new Schema<MailDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    orderId: { type: String, required: true },
    customerId: { type: String, required: true },
    eventId: { type: String, required: true },
    to: { type: String, required: true },
    subject: { type: String, required: true },
    html: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    sentAt: { type: Date },
  },
  { collection: 'order_mails', versionKey: false },
);
mailSchema.index({ customerId: 1 });

export class OrderMails {
  private readonly mails;

  constructor(connection: Connection) {
    this.mails = connection.model<MailDoc>('OrderMail', mailSchema);
  }

  async init(): Promise<void> {
    await this.mails.syncIndexes();
  }

  /** Records the mail as this delivery's to send; false when another delivery recorded it first. */
  async claim(mail: OrderMail): Promise<boolean> {
    try {
      const { id, ...fields } = mail;
      await this.mails.create({ _id: id, ...fields, claimedAt: new Date() });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  /** The binding accepted it. Only the claimant writes the document, so the update races nobody. */
  async markSent(id: string): Promise<void> {
    await this.mails.updateOne({ _id: id }, { $set: { sentAt: new Date() } });
  }

  /** The send failed: gives the mail back, so the event's redelivery claims and sends it again. */
  async release(id: string): Promise<void> {
    await this.mails.deleteOne({ _id: id, sentAt: { $exists: false } });
  }

  /** The account is erased: its mails (addresses, names) go with it. */
  async forget(customerId: string): Promise<void> {
    await this.mails.deleteMany({ customerId });
  }
}
