import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { sleep } from '../../stack-tests/src/stack';

export { freePort } from '../../stack-tests/src/stack';

/** Processes this benchmark started itself (not the stack's): stopped on exit, even on Ctrl-C. */
const children = new Set<ChildProcess>();

export function start(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export const stopAll = () => Promise.all([...children].map(stop));
