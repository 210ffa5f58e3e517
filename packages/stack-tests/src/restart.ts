/**
 * Restarting the whole stack with another environment (components swapped in, a trace
 * collector named), and back to the stack the suite started, as `scripts/start` runs it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stopRestartedApps } from './apps';
import { brokerLinkEnv } from './broker';
import { daprApiToken } from './sidecar-token';
import {
  ARTIFACTS,
  STACK_PID_FILE,
  SYSTEM_PORTS,
  eventually,
  portOpen,
  startStack,
  stopStack,
} from './stack';

/**
 * True when this run's global setup started the stack (else it tests a running shop,
 * SIDECART_REUSE_STACK, which a test must not restart).
 */
export const stackIsOurs = () => fs.existsSync(STACK_PID_FILE);

/**
 * Stops the running stack and starts it again with `env` (SIDECART_SWAP, SIDECART_ZIPKIN_URL
 * and the rest), keeping the run's Dapr API token, the test profile's data and the tests'
 * broker link. Logs to test-artifacts/stack-<label>.log. Returns how long each half took; throws
 * when the start fails or is not healthy within `startWithinMs` (the stack is then stopped).
 * `restartStack('default', {})` is the stack the suite started.
 */
export async function restartStack(label: string, env: Record<string, string>, startWithinMs = 240_000) {
  const began = Date.now();
  stopRestartedApps();
  // No file: a start that failed earlier, which stopped what it had started.
  if (fs.existsSync(STACK_PID_FILE)) {
    await stopStack(Number(fs.readFileSync(STACK_PID_FILE, 'utf8')));
    fs.rmSync(STACK_PID_FILE);
  }
  await eventually(
    async () => ((await Promise.all(SYSTEM_PORTS.map(portOpen))).some(Boolean) ? undefined : true),
    {
      within: 30_000,
      what: 'the stopped stack to free its ports',
    },
  );
  const stopped = Date.now();
  const pid = await startStack(path.join(ARTIFACTS, `stack-${label}.log`), startWithinMs, {
    SIDECART_FRESH: '0',
    DAPR_API_TOKEN: daprApiToken() ?? '',
    // Still through the tests' broker link, so a fault test after this file can cut it.
    ...brokerLinkEnv(),
    ...env,
  });
  fs.writeFileSync(STACK_PID_FILE, `${pid}\n`);
  return { stopMs: stopped - began, startMs: Date.now() - stopped };
}
