/**
 * The broker link the tests own (src/broker-link.mjs): the `test` profile's sidecars reach
 * Redis Streams through it, so a test can cut the broker off for a while without touching the
 * machine's Redis, which the shop `npm start` serves and other checkouts share.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, eventually, portOpen, sleep } from './stack';

/** Where the sidecars of a test run find the broker (an architecture port: docs/architecture.md). */
export const BROKER_LINK_PORT = 6390;
const PID_FILE = path.join(ARTIFACTS, 'broker-link.pid');

/** Starts the link (global setup, before the stack); returns the address to give the pubsub component. */
export async function startBrokerLink(): Promise<string> {
  if (await portOpen(BROKER_LINK_PORT))
    throw new Error(`something already listens on :${BROKER_LINK_PORT} (a broker link left by another run?)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const log = fs.openSync(path.join(ARTIFACTS, 'broker-link.log'), 'a');
  const child = spawn(
    process.execPath,
    [path.join(__dirname, 'broker-link.mjs'), String(BROKER_LINK_PORT), '127.0.0.1:6379'],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  fs.writeFileSync(PID_FILE, String(child.pid));
  await eventually(async () => ((await portOpen(BROKER_LINK_PORT)) ? true : undefined), {
    within: 10_000,
    what: `the broker link on :${BROKER_LINK_PORT}`,
  });
  return `127.0.0.1:${BROKER_LINK_PORT}`;
}

function linkPid(): number | undefined {
  return fs.existsSync(PID_FILE) ? Number(fs.readFileSync(PID_FILE, 'utf8')) : undefined;
}

/** True when this run's sidecars reach the broker through a link the tests own. */
export const brokerLinkOwned = () => linkPid() !== undefined;

/** What a stack started during the run needs to keep using the link (a restart with other components). */
export const brokerLinkEnv = (): Record<string, string> =>
  brokerLinkOwned() ? { SIDECART_BROKER_ADDRESS: `127.0.0.1:${BROKER_LINK_PORT}` } : {};

export function stopBrokerLink(): void {
  const pid = linkPid();
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  fs.rmSync(PID_FILE);
}

/**
 * Cuts the broker off for `ms`: new connections are refused and live ones reset, then the
 * link opens again. `whileCut` runs once the link is closed (what a test does during the cut,
 * e.g. let shoppers place orders); the link stays closed for `ms` and until `whileCut` ends.
 * Resolves once it accepts connections again, with when the cut began (the link closed) and
 * ended (it was told to open), in ms since the epoch.
 */
export async function cutBroker(
  ms: number,
  whileCut: () => Promise<unknown> = async () => undefined,
): Promise<{ from: number; to: number }> {
  const pid = linkPid();
  if (pid === undefined) throw new Error('this run does not own its broker link (see src/global-setup.ts)');
  process.kill(pid, 'SIGUSR1');
  await eventually(async () => ((await portOpen(BROKER_LINK_PORT)) ? undefined : true), {
    within: 5000,
    what: 'the broker link to close',
  });
  const from = Date.now();
  let to = from;
  try {
    await Promise.all([sleep(ms), whileCut()]);
  } finally {
    to = Date.now();
    process.kill(pid, 'SIGUSR2');
  }
  await eventually(async () => ((await portOpen(BROKER_LINK_PORT)) ? true : undefined), {
    within: 5000,
    what: 'the broker link to open again',
  });
  return { from, to };
}
