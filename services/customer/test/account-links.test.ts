import { AccountToken } from '@sidecart/contracts';
import {
  lifetimeText,
  linkMail,
  linkUrl,
  lookupFilter,
  newLinkToken,
  tokenHash,
} from '../src/domain/account-links';

describe('mailed link tokens', () => {
  it('are 256 random bits in the shape the contract takes, stored only as their SHA-256', () => {
    const a = newLinkToken();
    const b = newLinkToken();
    expect(AccountToken.safeParse(a.token).success).toBe(true);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(tokenHash(a.token));
    expect(a.hash).toMatch(/^[a-f0-9]{64}$/);
    expect(a.hash).not.toContain(a.token);
  });

  it('open the storefront page of their purpose, with the token in the query', () => {
    const url = new URL(linkUrl('http://shop.example:3000', 'password-reset', 'tok-_1'));
    expect(url.origin + url.pathname).toBe('http://shop.example:3000/reset-password');
    expect(url.searchParams.get('token')).toBe('tok-_1');
    expect(linkUrl('http://shop.example', 'email-verification', 'x')).toBe(
      'http://shop.example/verify-email?token=x',
    );
  });

  it('are mailed with what they do and how long they work, the name escaped', () => {
    const mail = linkMail(
      'password-reset',
      { email: 'ada@example.com', name: '<Ada>' },
      'http://shop.example/reset-password?token=t&x=1',
      3600,
    );
    expect(mail.to).toBe('ada@example.com');
    expect(mail.subject).toMatch(/reset/i);
    expect(mail.html).toContain('href="http://shop.example/reset-password?token=t&amp;x=1"');
    expect(mail.html).toContain('&lt;Ada&gt;');
    expect(mail.html).toContain('1 hour');
    const verify = linkMail(
      'email-verification',
      { email: 'a@b.co', name: 'A' },
      'http://s/v?token=t',
      604800,
    );
    expect(verify.subject).toMatch(/confirm/i);
    expect(verify.html).toContain('7 days');
  });

  it.each([
    [30, '30 seconds'],
    [1, '1 second'],
    [90, '90 seconds'],
    [120, '2 minutes'],
    [3600, '1 hour'],
    [86400, '1 day'],
  ])('says %i s as "%s"', (seconds, text) => {
    expect(lifetimeText(seconds)).toBe(text);
  });
});

describe('admin customer lookup', () => {
  const patterns = (q: string) => {
    const { $or } = lookupFilter(q) as { $or: [{ email: { $regex: string } }, { name: { $regex: string } }] };
    return { email: new RegExp($or[0].email.$regex), name: new RegExp($or[1].name.$regex, 'i') };
  };

  it('finds an email by its beginning (so a whole address matches) and a name by any part, any case', () => {
    const { email, name } = patterns('Ada.L');
    expect(email.test('ada.l@example.com')).toBe(true);
    expect(email.test('xada.l@example.com')).toBe(false);
    expect(email.test('adaxl@example.com')).toBe(false); // the dot is literal
    expect(name.test('Countess ADA.Lovelace')).toBe(true);
    expect(patterns('ada@example.com').email.test('ada@example.com')).toBe(true);
  });

  it('takes every regular-expression character literally', () => {
    const { email, name } = patterns('a+(b)*');
    expect(email.test('a+(b)*@x.io')).toBe(true);
    expect(email.test('aab@x.io')).toBe(false);
    expect(name.test('x a+(b)* y')).toBe(true);
  });
});
