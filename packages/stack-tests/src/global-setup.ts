import fs from 'node:fs';
import path from 'node:path';
import { startBrokerLink, stopBrokerLink } from './broker';
import { fingerprint, plantSentinel } from './isolation';
import { ARTIFACTS, PROFILE, STACK_PID_FILE, portOpen, startStack } from './stack';

/** Where the global setup leaves the shop's sentinel and fingerprint for the global teardown. */
export const SENTINEL_FILE = path.join(ARTIFACTS, 'isolation-sentinel.json');

export default async function globalSetup(): Promise<void> {
  if (await portOpen(8080)) {
    if (process.env.SIDECART_REUSE_STACK === '1') return;
    throw new Error(
      'Something already listens on :8080 (a running Sidecart?). Stop it, or set SIDECART_REUSE_STACK=1 to test it.',
    );
  }
  // Left by a run that was killed: its pid may belong to another process by now. (Only once
  // nothing runs: a refused second start must not forget the running stack's pid.)
  fs.rmSync(STACK_PID_FILE, { force: true });
  // The test profile's sidecars reach the broker through a link the tests own, so a fault test
  // can cut it (src/broker.ts); the shop's own runs dial Redis directly.
  const env: Record<string, string> =
    PROFILE === 'dev' ? {} : { SIDECART_BROKER_ADDRESS: await startBrokerLink() };
  const pid = await startStack(path.join(ARTIFACTS, 'stack.log'), undefined, env).catch((err) => {
    stopBrokerLink();
    throw err;
  });
  fs.writeFileSync(STACK_PID_FILE, `${pid}\n`);
  // The shop `npm start` serves must come out of the whole run exactly as it went in.
  if (PROFILE !== 'dev') {
    const sentinel = await plantSentinel();
    fs.writeFileSync(SENTINEL_FILE, JSON.stringify({ sentinel, before: await fingerprint() }));
  }
}
