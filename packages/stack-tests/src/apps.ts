import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, eventually, sleep } from './stack';

/** App processes the tests restarted themselves; global teardown stops them. */
export const RESTARTED_PIDS_FILE = path.join(ARTIFACTS, 'restarted-apps.pids');

/**
 * The pid of the process listening on `port`. (`dapr list` would tell, but CLI 1.12 sends
 * no API token to the sidecars' metadata API, so with tokens on it cannot see the apps.)
 */
function listenerPid(port: number): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`nothing listens on :${port}`);
  return Number(pid);
}

const appHealthy = async (port: number) => {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Kills an app (SIGKILL: no graceful shutdown, as in a crash) while its sidecar keeps
 * running, waits `downMs`, then starts it again with exactly the environment it had.
 */
export async function crashAndRestart(
  appId: string,
  appDir: string,
  appPort: number,
  downMs = 2000,
): Promise<void> {
  const appPid = listenerPid(appPort);
  const environ = fs.readFileSync(`/proc/${appPid}/environ`, 'utf8');
  const env = Object.fromEntries(
    environ
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  process.kill(appPid, 'SIGKILL');
  await sleep(downMs);
  const log = fs.openSync(path.join(ARTIFACTS, `${appId}-restarted.log`), 'a');
  const child = spawn('node', ['dist/server.js'], {
    cwd: path.join(ROOT, appDir),
    env,
    stdio: ['ignore', log, log],
    detached: true,
  });
  child.unref();
  fs.appendFileSync(RESTARTED_PIDS_FILE, `${child.pid}\n`);
  await eventually(() => appHealthy(appPort), 30_000, `${appId} to come back`);
}

export function stopRestartedApps(): void {
  if (!fs.existsSync(RESTARTED_PIDS_FILE)) return;
  for (const pid of fs.readFileSync(RESTARTED_PIDS_FILE, 'utf8').split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGTERM');
    } catch {
      // already gone
    }
  }
  fs.rmSync(RESTARTED_PIDS_FILE);
}
