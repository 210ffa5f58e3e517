import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const GATEWAY = 'http://127.0.0.1:8080';
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

/**
 * The run profile the tests start (scripts/profile.mjs): `test` has its own databases and
 * broker keys, so the tests never write into the shop that `npm start` serves (`dev`).
 * SIDECART_PROFILE=dev with SIDECART_REUSE_STACK=1 tests a running shop instead.
 */
export const PROFILE = process.env.SIDECART_PROFILE ?? 'test';
/** Where that profile keeps its secrets, its run's Dapr API token and its logs. */
export const DATA = PROFILE === 'dev' ? path.join(ROOT, '.data') : path.join(ROOT, '.data', PROFILE);

/** Sidecar HTTP ports from dapr.yaml (docs/architecture.md). */
export const SIDECAR = {
  gateway: 3500,
  customer: 3501,
  product: 3502,
  order: 3503,
  payment: 3504,
  recommendations: 3505,
} as const;

/** Each app's own Prometheus metrics (dapr.yaml's METRICS_PORT), in the order gateway … recommendations. */
export const APP_METRICS = {
  gateway: 9600,
  customer: 9601,
  product: 9602,
  order: 9603,
  payment: 9604,
  recommendations: 9605,
} as const;
const APP_METRICS_PORTS = Object.values(APP_METRICS);

export const sidecarUrl = (app: keyof typeof SIDECAR) => `http://127.0.0.1:${SIDECAR[app]}/v1.0`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on now, from the kernel's ephemeral range (never one of the stack's fixed ports). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * How long a duplicate may still arrive after the first delivery: the broker hands an
 * unacknowledged message out again after `redeliverInterval` (10 s, components/pubsub.yaml)
 * and a failing handler is retried with a backoff growing to 15 s (`eventRetry`,
 * components/resiliency.yaml). Waits for an effect end later than that, and a check that
 * nothing more happens holds for at least that long.
 */
export const REDELIVERY_WINDOW_MS = 10_000 + 15_000 + 5_000;

type Within = { within?: number; what?: string };

/**
 * Polls `probe` until it returns a value (not undefined), or fails once `within` ms passed
 * (by default longer than the broker's redelivery and backoff window). The old form
 * `eventually(probe, ms, what)` still works.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  options: Within | number = {},
  label?: string,
): Promise<T> {
  const { within = REDELIVERY_WINDOW_MS + 15_000, what = label ?? 'condition' } =
    typeof options === 'number' ? { within: options } : options;
  const deadline = Date.now() + within;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(250);
  }
  throw new Error(
    `timed out after ${within} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
  );
}

/**
 * Proves that nothing more happens: `check` must hold now and keep holding for `ms` (by
 * default the whole redelivery and backoff window), so a late duplicate delivery is seen.
 * One wait per test, checked every second; fails at the first moment it does not hold.
 */
export async function stillAfter(check: () => Promise<unknown>, ms = REDELIVERY_WINDOW_MS): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    await check(); // throws (a failed expect) when it does not hold
    if (Date.now() >= until) return;
    await sleep(Math.min(1000, until - Date.now()));
  }
}

/**
 * Runs `n` callers released together: each waits at one barrier until all are ready, then
 * starts in the same tick. Returns each result with the moments its call started and ended,
 * so a test can assert the calls overlapped (a race that really raced).
 */
export async function race<T>(
  n: number,
  caller: (i: number) => Promise<T>,
): Promise<{ result: T; startedAt: number; endedAt: number }[]> {
  let release!: () => void;
  const barrier = new Promise<void>((r) => (release = r));
  const runs = Array.from({ length: n }, async (_, i) => {
    await barrier;
    const startedAt = performance.now();
    const result = await caller(i);
    return { result, startedAt, endedAt: performance.now() };
  });
  release();
  return Promise.all(runs);
}

/** True when every interval overlaps every other: the last one started before the first one ended. */
export const allOverlap = (runs: { startedAt: number; endedAt: number }[]) =>
  Math.max(...runs.map((r) => r.startedAt)) < Math.min(...runs.map((r) => r.endedAt));

export async function systemHealthy(): Promise<boolean> {
  try {
    const res = await fetch(`${GATEWAY}/api/v1/system/health`);
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * The pid of `scripts/start` running the suite's stack: the global setup writes it, a test that
 * restarts the whole stack (swaps.test.ts) replaces it, and the global teardown stops that one.
 */
export const STACK_PID_FILE = path.join(ARTIFACTS, 'stack.pid');

/**
 * Starts the system the way the README does (`scripts/start`, which runs `dapr run -f .`)
 * and waits until the gateway reports every service healthy through Dapr.
 */
export async function startStack(
  logFile: string,
  timeoutMs = 240_000,
  env: Record<string, string> = {},
): Promise<number> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn('bash', [path.join(ROOT, 'scripts/start'), '--no-setup'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      SIDECART_PROFILE: PROFILE,
      // Each run starts from an empty shop of its own (the demo catalog is seeded into it).
      SIDECART_FRESH: process.env.SIDECART_FRESH ?? '1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      // Short enough that the approval-timeout test finishes, long enough for the others to approve.
      ORDER_APPROVAL_TIMEOUT_SECONDS: process.env.ORDER_APPROVAL_TIMEOUT_SECONDS ?? '40',
      // Short enough that a test sees a password reset link expire, long enough for the others to use theirs.
      PASSWORD_RESET_TTL_SECONDS: process.env.PASSWORD_RESET_TTL_SECONDS ?? '30',
      ...env,
    },
  });
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    // scripts/start stops everything and exits when a sidecar cannot initialize a component
    // (daprd exits; `dapr run -f` would keep the rest running); daprd's own words come first.
    if (exited !== null)
      throw new Error(
        `scripts/start exited with ${exited}; see ${logFile}\n${[...fatalLines(logFile), tail(logFile)].join('\n')}`,
      );
    if (await systemHealthy()) {
      process.stdout.write(
        `\nstack healthy after ${Math.round((Date.now() - started) / 1000)} s (log: ${logFile})\n`,
      );
      return child.pid!;
    }
    await sleep(500);
  }
  await stopStack(child.pid!);
  throw new Error(
    `the stack did not become healthy within ${timeoutMs / 1000} s; see ${logFile}\n${tail(logFile)}`,
  );
}

/** The ports a running system holds: the storefront, and dapr.yaml's apps and sidecars. */
export const SYSTEM_PORTS = [
  3000,
  8080,
  8079,
  5001,
  5002,
  5003,
  5004,
  5005,
  ...Object.values(SIDECAR),
  ...APP_METRICS_PORTS,
];

/**
 * Stops the stack as Ctrl-C in its terminal does (SIGINT to the whole foreground process group:
 * scripts/start, the Dapr CLI, every sidecar, app and the storefront at once) and returns what
 * was still running 30 s later (processes of the group, open system ports), before killing it.
 */
export async function interruptStack(pid: number): Promise<string[]> {
  const groupAlive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pid, 'SIGINT');
  } catch {
    return [];
  }
  const deadline = Date.now() + 30_000;
  const openPorts = async () =>
    (await Promise.all(SYSTEM_PORTS.map(async (p) => ((await portOpen(p)) ? p : null)))).filter(
      (p) => p !== null,
    );
  while (Date.now() < deadline && (groupAlive() || (await openPorts()).length)) await sleep(250);
  const left: string[] = [];
  if (groupAlive()) {
    const ps = spawnSync('ps', ['-o', 'pid=,args=', '-g', String(pid)], { encoding: 'utf8' });
    left.push(
      ...ps.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => `process ${l.trim().slice(0, 120)}`),
    );
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone in between
    }
  }
  left.push(...(await openPorts()).map((p) => `port ${p}`));
  return left;
}

/** SIGTERM lets scripts/start stop everything it started; SIGKILL only as a last resort. */
export async function stopStack(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (alive() && Date.now() < deadline) await sleep(200);
  if (alive()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** daprd's fatal lines in a log (the error that made it exit), at most the first five. */
function fatalLines(file: string): string[] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /level=fatal/.test(l))
      .slice(0, 5);
  } catch {
    return [];
  }
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The profile's secrets: the same connection strings and keys the services read through Dapr. */
export function localSecrets(): Record<string, string> {
  const file = PROFILE === 'dev' ? path.join(ROOT, 'secrets.json') : path.join(DATA, 'secrets.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
