import { Router } from 'express';
import {
  CheckResetToken,
  RequestPasswordReset,
  ResetPassword,
  VerifyEmail,
  type PasswordResetDone,
} from '@sidecart/contracts';
import { parseBody, problem, type Logger } from '@sidecart/service-kit';
import type { SendMail } from '../clients/email';
import { hashPassword } from '../domain/credentials';
import { linkMail, linkUrl, type LinkPurpose } from '../domain/account-links';
import type { Customer } from '../domain/customer';
import type { AccountLinks, LinkRefusal } from '../store/account-links';
import type { CustomerStore } from '../store/customers';

export type LinkSettings = {
  /** The storefront the links open (its /reset-password and /verify-email pages). */
  storefrontUrl: string;
  lifetimeSeconds: Record<LinkPurpose, number>;
};

export type LinkDeps = {
  store: CustomerStore;
  links: AccountLinks;
  send: SendMail;
  logger: Logger;
  settings: LinkSettings;
};

/** Reset mails one account gets at most per RESET_WINDOW_MS, however often they are asked for. */
export const MAX_RESET_MAILS = 5;
const RESET_WINDOW_MS = 15 * 60_000;

/** Issues a link of `purpose` for the account and mails it through the `email` binding. */
export async function mailLink(deps: LinkDeps, purpose: LinkPurpose, customer: Customer): Promise<void> {
  const lifetime = deps.settings.lifetimeSeconds[purpose];
  const { token } = await deps.links.issue(purpose, customer.id, lifetime);
  await deps.send(
    linkMail(purpose, customer, linkUrl(deps.settings.storefrontUrl, purpose, token), lifetime),
  );
}

/**
 * Work done after the answer went out: its time and outcome never show in the answer (a reset
 * request for an unknown email answers as fast as one for a known one). Failures are logged.
 */
export function afterAnswer(logger: Logger, what: string, work: () => Promise<void>): void {
  setImmediate(() => {
    work().catch((err: unknown) => logger.error({ err }, `${what} failed`));
  });
}

const REFUSALS: Record<LinkRefusal, string> = {
  unknown: 'is not valid: ask for a new link',
  expired: 'has expired: ask for a new link',
  used: 'was already used: ask for a new link',
};

const refused = (reason: LinkRefusal, title: string) =>
  problem(400, title, { errors: [{ path: 'token', message: REFUSALS[reason] }] });

/**
 * The anonymous account routes behind mailed links: asking for a password reset, checking and
 * using its link, and confirming the email address with the sign-up mail's link.
 */
export function accountLinkRoutes(deps: LinkDeps): Router {
  const { store, links, logger } = deps;
  const router = Router();

  /**
   * Always 202 with nothing in it, before anything is looked up: whether the email has an
   * account shows neither in the answer nor in its time. The mail goes out afterwards, at most
   * MAX_RESET_MAILS per account per 15 minutes (the gateway's `auth` budget bounds the asking).
   */
  router.post('/password-reset', async (req, res) => {
    const { email } = parseBody(RequestPasswordReset, req);
    res.status(202).end();
    afterAnswer(logger, 'password reset mail', async () => {
      const customer = await store.findByEmail(email);
      if (!customer) return;
      const since = new Date(Date.now() - RESET_WINDOW_MS);
      if ((await links.issuedSince('password-reset', customer.id, since)) >= MAX_RESET_MAILS) {
        logger.warn({ customerId: customer.id }, 'password reset mails capped for this account');
        return;
      }
      await mailLink(deps, 'password-reset', customer);
    });
  });

  /** Whether a reset link still works, without using it (the reset page asks before its form). */
  router.post('/password-reset/check', async (req, res) => {
    const { token } = parseBody(CheckResetToken, req);
    const checked = await links.check('password-reset', token);
    if (typeof checked === 'string') throw refused(checked, 'This reset link cannot be used');
    res.json({ expiresAt: checked.expiresAt.toISOString() });
  });

  /**
   * Sets the new password with a reset link's token, once. The token is checked, the new
   * password hashed, and only then is the token spent (so a busy hasher's 503 leaves the link
   * usable). The account's other reset links stop working; following a mailed link also shows
   * the address is the owner's. The gateway ends every session that began before.
   */
  router.post('/password-reset/complete', async (req, res) => {
    const { token, newPassword } = parseBody(ResetPassword, req);
    const checked = await links.check('password-reset', token);
    if (typeof checked === 'string') throw refused(checked, 'The password was not changed');
    const passwordHash = await hashPassword(newPassword, 'sign-in');
    const used = await links.use('password-reset', token);
    if (typeof used === 'string') throw refused(used, 'The password was not changed');
    const customer = await store.findById(used.customerId);
    if (!customer) throw refused('unknown', 'The password was not changed');
    await store.setPasswordHash(customer.id, passwordHash);
    await store.markEmailVerified(customer.id);
    await links.revoke('password-reset', customer.id);
    res.json({ id: customer.id, email: customer.email } satisfies PasswordResetDone);
  });

  /** The sign-up mail's link: the account's address is confirmed (once; a second use is refused). */
  router.post('/email/verify', async (req, res) => {
    const { token } = parseBody(VerifyEmail, req);
    const used = await links.use('email-verification', token);
    if (typeof used === 'string') throw refused(used, 'The email address was not confirmed');
    if (!(await store.findById(used.customerId)))
      throw refused('unknown', 'The email address was not confirmed');
    await store.markEmailVerified(used.customerId);
    res.status(204).end();
  });

  return router;
}
