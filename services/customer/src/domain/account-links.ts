import { createHash, randomBytes } from 'node:crypto';
import { escapeHtml, page } from './order-mail';

/**
 * What a mailed link lets its holder do once: set a new password, or confirm the address the
 * account was opened with.
 */
export type LinkPurpose = 'password-reset' | 'email-verification';

/** The storefront page each link opens. */
const PAGES: Record<LinkPurpose, string> = {
  'password-reset': '/reset-password',
  'email-verification': '/verify-email',
};

/**
 * A new link token: 32 random bytes (256 bits), base64url, as `AccountToken` in contracts says.
 * Only its hash is stored, so a copy of the database opens no account.
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

/**
 * SHA-256 of a token, hex. A plain hash is enough (no salt, no Argon2): the token is 256 random
 * bits, not a password a person chose, so there is nothing to guess from its hash.
 */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The link to mail: the storefront's page for the purpose, with the token in its query. */
export const linkUrl = (storefront: string, purpose: LinkPurpose, token: string): string => {
  const url = new URL(PAGES[purpose], storefront);
  url.searchParams.set('token', token);
  return url.toString();
};

/** "1 hour", "30 seconds", "7 days": how long a link works, as the mail says it. */
export function lifetimeText(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** The mail that carries a link: to the account's address, with what it does and how long it works. */
export function linkMail(
  purpose: LinkPurpose,
  to: { email: string; name: string },
  link: string,
  lifetimeSeconds: number,
): { to: string; subject: string; html: string } {
  const anchor = (text: string) => `<p><a href="${escapeHtml(link)}">${escapeHtml(text)}</a></p>`;
  const works = `<p>The link works once, for ${lifetimeText(lifetimeSeconds)}.</p>`;
  const hello = `<p>Hello ${escapeHtml(to.name)},</p>`;
  if (purpose === 'password-reset') {
    const subject = 'Reset your Sidecart password';
    return {
      to: to.email,
      subject,
      html: page(subject, [
        hello,
        '<p>Someone (we hope you) asked to reset the password of your Sidecart account. Choose a new one here:</p>',
        anchor('Choose a new password'),
        works,
        '<p>If you did not ask for this, ignore this mail: your password stays as it is.</p>',
      ]),
    };
  }
  const subject = 'Confirm your email address';
  return {
    to: to.email,
    subject,
    html: page(subject, [
      hello,
      '<p>Welcome to Sidecart. Please confirm that this is your email address:</p>',
      anchor('Confirm my email address'),
      works,
      '<p>You can shop before you confirm it.</p>',
    ]),
  };
}

/**
 * The admin lookup's query, as MongoDB filters: an email that starts with the text (so a whole
 * address finds its account), or a name that contains it, ignoring case. The text is matched
 * literally: every regular-expression character is escaped.
 */
export function lookupFilter(text: string): Record<string, unknown> {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const q = text.trim();
  return {
    $or: [
      { email: { $regex: `^${literal(q.toLowerCase())}` } },
      { name: { $regex: literal(q), $options: 'i' } },
    ],
  };
}
