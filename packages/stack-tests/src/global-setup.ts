import fs from 'node:fs';
import path from 'node:path';
import { fingerprint, plantSentinel } from './isolation';
import { ARTIFACTS, PROFILE, STACK_PID_FILE, portOpen, startStack } from './stack';

/** Where the global setup leaves the shop's sentinel and fingerprint for the global teardown. */
export const SENTINEL_FILE = path.join(ARTIFACTS, 'isolation-sentinel.json');

export default async function globalSetup(): Promise<void> {
  // Left by a run that was killed: its pid may belong to another process by now.
  fs.rmSync(STACK_PID_FILE, { force: true });
  if (await portOpen(8080)) {
    if (process.env.SIDECART_REUSE_STACK === '1') return;
    throw new Error(
      'Something already listens on :8080 (a running Sidecart?). Stop it, or set SIDECART_REUSE_STACK=1 to test it.',
    );
  }
  const pid = await startStack(path.join(ARTIFACTS, 'stack.log'));
  fs.writeFileSync(STACK_PID_FILE, `${pid}\n`);
  // The shop `npm start` serves must come out of the whole run exactly as it went in.
  if (PROFILE !== 'dev') {
    const sentinel = await plantSentinel();
    fs.writeFileSync(SENTINEL_FILE, JSON.stringify({ sentinel, before: await fingerprint() }));
  }
}
