import { EMAIL_BINDING, type Dapr } from '@sidecart/service-kit';

export type OutgoingMail = { to: string; subject: string; html: string };
export type SendMail = (mail: OutgoingMail) => Promise<void>;

/**
 * Sends a mail through the sidecar's `email` output binding (Dapr's SMTP binding: the local mail
 * catcher with `npm start`, any SMTP server by editing components/email.yaml). The sender address
 * is the component's `emailFrom`.
 */
export const emailBinding =
  (dapr: Dapr): SendMail =>
  async (mail) => {
    await dapr.invokeBinding(EMAIL_BINDING, 'create', {
      data: mail.html,
      metadata: { emailTo: mail.to, subject: mail.subject },
    });
  };
