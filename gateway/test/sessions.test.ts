import request from 'supertest';
import { Dapr, type InvokeOptions, type InvokeResponse } from '@sidecart/service-kit';
import { signedToken, testGateway } from './fixtures';
const USER = '6b065900492b27f54e76c9d7';

/** A customer service that answers every call with `status` (204 for writes, 200 for reads). */
class FakeServices extends Dapr {
  status = 204;
  constructor() {
    super({ httpPort: 1 });
  }
  override async invoke(_appId: string, path: string, options: InvokeOptions = {}): Promise<InvokeResponse> {
    const read = (options.method ?? 'GET') === 'GET';
    // A password reset by link names the account in its answer.
    const reset = path === 'customers/password-reset/complete';
    return {
      status: read ? 200 : reset && this.status === 204 ? 200 : this.status,
      headers: new Headers(),
      body: read || reset ? { id: USER, email: 'ada@example.com' } : undefined,
    };
  }
}

const tokenAt = (authTime: number) => signedToken(USER, { role: 'customer', auth_time: authTime });

function gateway() {
  const dapr = new FakeServices();
  return { app: testGateway(dapr), dapr };
}

const now = () => Math.floor(Date.now() / 1000);

describe('ended sessions', () => {
  it.each([
    ['a password change', 'post', '/api/v1/me/password'],
    ['an erased account', 'delete', '/api/v1/me'],
    ['"sign out everywhere"', 'post', '/api/v1/me/sessions/end'],
  ] as const)('%s refuses every token signed in before it, and only those', async (_name, method, path) => {
    const { app } = gateway();
    const before = `Bearer ${await tokenAt(now() - 60)}`;
    expect((await request(app).get('/api/v1/me').set('authorization', before)).status).toBe(200);
    const body = path.endsWith('/password')
      ? { currentPassword: 'old-horse-41', newPassword: 'new-horse-42' }
      : {};
    expect((await request(app)[method](path).set('authorization', before).send(body)).status).toBe(204);
    const refused = await request(app).get('/api/v1/me').set('authorization', before);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/session has ended/);
    const later = `Bearer ${await tokenAt(now() + 2)}`;
    expect((await request(app).get('/api/v1/me').set('authorization', later)).status).toBe(200);
  });

  const RESET = { token: 'a'.repeat(43), newPassword: 'new-horse-42' };

  it('a password reset by link (no caller) ends the sessions of the account its answer names', async () => {
    const { app } = gateway();
    const before = `Bearer ${await tokenAt(now() - 60)}`;
    const reset = await request(app).post('/api/v1/customers/password-reset/complete').send(RESET);
    expect(reset.status).toBe(200);
    expect((await request(app).get('/api/v1/me').set('authorization', before)).status).toBe(401);
    const later = `Bearer ${await tokenAt(now() + 2)}`;
    expect((await request(app).get('/api/v1/me').set('authorization', later)).status).toBe(200);
  });

  it('a refused password reset ends nothing', async () => {
    const { app, dapr } = gateway();
    dapr.status = 400;
    const token = `Bearer ${await tokenAt(now() - 60)}`;
    expect((await request(app).post('/api/v1/customers/password-reset/complete').send(RESET)).status).toBe(
      400,
    );
    dapr.status = 204;
    expect((await request(app).get('/api/v1/me').set('authorization', token)).status).toBe(200);
  });

  it('a refused password change ends nothing', async () => {
    const { app, dapr } = gateway();
    dapr.status = 400;
    const token = `Bearer ${await tokenAt(now() - 60)}`;
    expect((await request(app).post('/api/v1/me/password').set('authorization', token).send({})).status).toBe(
      400,
    );
    expect((await request(app).get('/api/v1/me').set('authorization', token)).status).toBe(200);
  });
});
