import fs from 'node:fs';
import { stopRestartedApps } from './apps';
import { stopBrokerLink } from './broker';
import { SENTINEL_FILE } from './global-setup';
import { fingerprint, removeSentinel, sentinelIntact, type Fingerprint, type Sentinel } from './isolation';
import { interruptStack, STACK_PID_FILE } from './stack';

export default async function globalTeardown(): Promise<void> {
  let isolationError: Error | undefined;
  if (fs.existsSync(SENTINEL_FILE)) {
    const { sentinel, before } = JSON.parse(fs.readFileSync(SENTINEL_FILE, 'utf8')) as {
      sentinel: Sentinel;
      before: Fingerprint;
    };
    const after = await fingerprint();
    const changed = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
    if (!(await sentinelIntact(sentinel)) || changed.length) {
      isolationError = new Error(
        `the test run changed the data of the shop npm start serves: ${changed.map((k) => `${k} ${before[k]} → ${after[k]}`).join(', ') || 'the sentinel is gone'}`,
      );
    } else {
      process.stdout.write(
        `\nisolation: the shop's own data came through the run unchanged (${Object.keys(after).length} tables, collections and streams compared)\n`,
      );
    }
    await removeSentinel(sentinel);
    fs.rmSync(SENTINEL_FILE);
  }
  stopRestartedApps();
  // The stack running now: the one global setup started, or the one a test restarted it as.
  const pid = fs.existsSync(STACK_PID_FILE) ? Number(fs.readFileSync(STACK_PID_FILE, 'utf8')) : undefined;
  // The README's promise: Ctrl-C stops every process `npm start` started. The run ends the way
  // a developer ends it, and fails if anything of it is still there 30 s later.
  let leftovers: string[] = [];
  if (pid) {
    leftovers = await interruptStack(pid);
    fs.rmSync(STACK_PID_FILE);
  }
  stopBrokerLink();
  if (isolationError) throw isolationError;
  if (leftovers.length)
    throw new Error(`Ctrl-C did not stop everything within 30 s: ${leftovers.join('; ')}`);
  if (pid) process.stdout.write('Ctrl-C stopped every process of the stack and freed its ports\n');
}
