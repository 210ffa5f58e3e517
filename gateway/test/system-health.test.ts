import request from 'supertest';
import { Dapr, type InvokeOptions, type InvokeResponse } from '@sidecart/service-kit';
import { signedToken, testGateway } from './fixtures';
import { SERVICES } from '../src/config';

/** Every service ready; counts the readiness calls. */
class ReadyDapr extends Dapr {
  calls = 0;
  constructor() {
    super({ httpPort: 1 });
  }
  override async invoke(appId: string, _path: string, _options: InvokeOptions = {}): Promise<InvokeResponse> {
    this.calls++;
    const body = { status: 'ok', service: appId, checks: { database: { status: 'ok' } } };
    return { status: 200, headers: new Headers({ 'content-type': 'application/json' }), body };
  }
}

const build = (dapr: Dapr) => testGateway(dapr);
const tokenOf = (role: 'admin' | 'customer') => signedToken('6b065900492b27f54e76c9d7', { role });

describe('GET /api/v1/system/health', () => {
  it('gives anonymous callers and shoppers the overall status only', async () => {
    const app = build(new ReadyDapr());
    expect((await request(app).get('/api/v1/system/health')).body).toEqual({ status: 'ok' });
    const shopper = await request(app)
      .get('/api/v1/system/health')
      .set('authorization', `Bearer ${await tokenOf('customer')}`);
    expect(shopper.body).toEqual({ status: 'ok' });
  });

  it("gives an admin every service's checks", async () => {
    const res = await request(build(new ReadyDapr()))
      .get('/api/v1/system/health')
      .set('authorization', `Bearer ${await tokenOf('admin')}`);
    expect(res.status).toBe(200);
    expect(res.body.services.order).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' } } });
  });

  it('asks the services once for a burst of calls', async () => {
    const dapr = new ReadyDapr();
    const app = build(dapr);
    await Promise.all(Array.from({ length: 50 }, () => request(app).get('/api/v1/system/health')));
    expect(dapr.calls).toBe(SERVICES.length); // one readiness call per service
  });
});
