import fs from 'node:fs';
import { stopRestartedApps } from './apps';
import { SENTINEL_FILE } from './global-setup';
import { fingerprint, removeSentinel, sentinelIntact, type Fingerprint, type Sentinel } from './isolation';
import { STACK_PID_FILE, stopStack } from './stack';

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
  if (fs.existsSync(STACK_PID_FILE)) {
    await stopStack(Number(fs.readFileSync(STACK_PID_FILE, 'utf8')));
    fs.rmSync(STACK_PID_FILE);
  }
  if (isolationError) throw isolationError;
}
