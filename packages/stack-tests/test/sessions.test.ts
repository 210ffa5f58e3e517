/**
 * Ended sessions through the public gateway: after a password change, "sign out everywhere" or
 * an erased account, tokens of sessions that began earlier are refused (401), while a session
 * that begins afterwards works.
 */
import { randomUUID } from 'node:crypto';
import { api } from '../src/api';
import { sleep } from '../src/stack';
import { tokenFor } from '../src/tokens';
import type { Who } from '../src/shop';

const PASSWORD = 'correct-horse-42';

async function signUp(): Promise<Who> {
  const res = await api('POST', '/customers', undefined, {
    email: `sessions-${randomUUID()}@example.com`,
    password: PASSWORD,
    name: 'Session Shopper',
  });
  expect(res.status).toBe(201);
  return { userId: res.body.id, role: 'customer' };
}

const bearer = async (who: Who) => `Bearer ${await tokenFor(who)}`;

describe('ended sessions', () => {
  it('a password change ends earlier sessions: their cart and profile answer 401', async () => {
    const shopper = await signUp();
    const before = await bearer(shopper);
    expect((await api('PUT', '/cart', before, { lines: [] })).status).toBe(200);
    const changed = await api('POST', '/me/password', before, {
      currentPassword: PASSWORD,
      newPassword: 'another-horse-43',
    });
    expect(changed.status).toBe(204);
    expect((await api('GET', '/me', before)).status).toBe(401);
    expect((await api('GET', '/cart', before)).status).toBe(401);
    // Sessions are ended to the second: one that begins after it works.
    await sleep(1100);
    expect((await api('GET', '/me', await bearer(shopper))).status).toBe(200);
  });

  it('an erased account leaves no session that can read or write its cart', async () => {
    const shopper = await signUp();
    const token = await bearer(shopper);
    expect((await api('PUT', '/cart', token, { lines: [] })).status).toBe(200);
    expect((await api('DELETE', '/me', token)).status).toBe(204);
    expect((await api('GET', '/cart', token)).status).toBe(401);
    expect((await api('PUT', '/cart', token, { lines: [] })).status).toBe(401);
  });

  it('"sign out everywhere" ends every session of that shopper and no one else\'s', async () => {
    const shopper = await signUp();
    const other = await signUp();
    const [first, second, others] = [await bearer(shopper), await bearer(shopper), await bearer(other)];
    expect((await api('POST', '/me/sessions/end', first)).status).toBe(204);
    expect((await api('GET', '/me', first)).status).toBe(401);
    expect((await api('GET', '/me', second)).status).toBe(401);
    expect((await api('GET', '/me', others)).status).toBe(200);
  });
});
