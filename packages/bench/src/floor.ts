import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eventually, ROOT } from '../../stack-tests/src/stack';
import { freePort, start, stop } from './procs';

/**
 * The floor: a minimal app behind two daprd sidecars of the project's own build, with the
 * stack's sidecar settings (mTLS through the stack's running sentry, the callee's access
 * policy, the resiliency file, tracing and metrics as configured), caller sidecar → callee
 * sidecar → app. Whatever the stack adds on top of this is the stack's own cost.
 */
export const CALLER = 'bench-floor-caller';
export const CALLEE = 'bench-floor-callee';

export type Floor = {
  url: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
  log: string;
  /** Which of the floor's processes have exited (daprd 1.16.0 can panic when a client disconnects mid-answer). */
  crashed: () => string | null;
  close: () => Promise<void>;
};

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

export async function startFloor(body: string, workDir: string): Promise<Floor> {
  const dir = path.join(workDir, 'floor');
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  // The gateway's and the product's Configurations (the product service is the catalog's
  // callee), renamed to the floor's app ids: same mTLS, access policy, tracing and metrics.
  fs.writeFileSync(
    path.join(dir, 'caller.yaml'),
    read('components/config/gateway.yaml').replace(/^(\s+name:) gateway$/m, `$1 ${CALLER}`),
  );
  fs.writeFileSync(
    path.join(dir, 'callee.yaml'),
    read('components/config/product.yaml')
      .replace(/^(\s+name:) product$/m, `$1 ${CALLEE}`)
      .replace(/appId: gateway$/m, `appId: ${CALLER}`),
  );
  fs.writeFileSync(
    path.join(dir, 'resources', 'resiliency.yaml'),
    read('components/resiliency.yaml').replace(/^(\s+)product: \{/m, `$1${CALLEE}: {`),
  );
  fs.writeFileSync(path.join(dir, 'body.json'), body);

  const ca = process.env.SIDECART_SENTRY_CA ?? path.join(ROOT, '.data/sentry/ca.crt');
  const daprd = path.join(process.env.DAPR_RUNTIME_PATH ?? path.join(ROOT, '.tools'), '.dapr/bin/daprd');
  const env = {
    ...process.env,
    DAPR_TRUST_ANCHORS: fs.readFileSync(ca, 'utf8'),
    NAMESPACE: 'default',
    DAPR_API_TOKEN: randomBytes(16).toString('hex'),
    APP_API_TOKEN: randomBytes(16).toString('hex'),
  };
  const appPort = await freePort();
  const ports = async () => ({
    http: await freePort(),
    grpc: await freePort(),
    internal: await freePort(),
    metrics: await freePort(),
  });
  const [callee, caller] = [await ports(), await ports()];
  // The flags `dapr run -f .` gives the stack's sidecars (dapr.yaml), on free ports.
  const sidecarArgs = (appId: string, p: typeof callee, config: string) => [
    '--app-id',
    appId,
    '--dapr-http-port',
    String(p.http),
    '--dapr-grpc-port',
    String(p.grpc),
    '--dapr-internal-grpc-port',
    String(p.internal),
    '--metrics-port',
    String(p.metrics),
    '--config',
    path.join(dir, config),
    '--resources-path',
    path.join(dir, 'resources'),
    '--app-protocol',
    'http',
    '--log-level',
    'warn',
    '--enable-mtls',
    '--sentry-address',
    'localhost:50001',
  ];
  const log = path.join(dir, `floor-${Date.now()}.log`);
  const app = start(
    process.execPath,
    [path.join(__dirname, '../bin/floor-app.js')],
    {
      ...env,
      APP_PORT: String(appPort),
      FLOOR_BODY_FILE: path.join(dir, 'body.json'),
    },
    log,
  );
  const calleeSidecar = start(
    daprd,
    [
      ...sidecarArgs(CALLEE, callee, 'callee.yaml'),
      '--app-port',
      String(appPort),
      '--enable-app-health-check',
      '--app-health-check-path',
      '/healthz',
    ],
    env,
    log,
  );
  const callerSidecar = start(daprd, sidecarArgs(CALLER, caller, 'caller.yaml'), env, log);
  const close = async () => {
    await Promise.all([stop(callerSidecar), stop(calleeSidecar)]);
    await stop(app);
  };
  const headers = { 'dapr-api-token': env.DAPR_API_TOKEN };
  const origin = `http://127.0.0.1:${caller.http}`;
  // A path the product policy lets the gateway call (GET /products), as the catalog list does.
  const invokePath = `/v1.0/invoke/${CALLEE}/method/products`;
  try {
    await eventually(
      async () => {
        const res = await fetch(`${origin}${invokePath}`, { headers });
        if (res.status !== 200) throw new Error(`${res.status} ${(await res.text()).slice(0, 200)}`);
        return (await res.text()) === body ? true : undefined;
      },
      60_000,
      `the floor (caller → callee sidecar → app; log ${log})`,
    );
  } catch (err) {
    await close();
    throw err;
  }
  const crashed = () => {
    const gone = [
      [CALLER, callerSidecar],
      [CALLEE, calleeSidecar],
      ['app', app],
    ].filter(([, p]) => (p as typeof app).exitCode !== null || (p as typeof app).signalCode !== null);
    return gone.length ? gone.map(([name]) => name).join(', ') : null;
  };
  return { url: `${origin}${invokePath}`, origin, path: invokePath, headers, log, crashed, close };
}

/**
 * Warms the floor up with plain fetch calls that all finish: a load generator that stops by
 * closing connections with requests in flight can crash daprd 1.16.0 (see startFloor's callers).
 */
export async function warmUp(floor: Floor, seconds: number, workers = 20): Promise<void> {
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < until) await (await fetch(floor.url, { headers: floor.headers })).arrayBuffer();
    }),
  );
}
