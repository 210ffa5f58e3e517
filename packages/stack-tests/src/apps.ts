import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, SIDECAR, eventually, sidecarUrl, sleep } from './stack';

/** App and sidecar processes the tests restarted themselves; global teardown stops them. */
export const RESTARTED_PIDS_FILE = path.join(ARTIFACTS, 'restarted-apps.pids');

/**
 * The pid of the process listening on `port`. (`dapr list` would tell, but CLI 1.12 sends
 * no API token to the sidecars' metadata API, so with tokens on it cannot see the apps.)
 */
export function listenerPid(port: number): number {
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

/** The environment of the process listening on `port`, as it was started. */
function environmentOf(pid: number): Record<string, string> {
  const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
  return Object.fromEntries(
    environ
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

/** Starts a process the tests restarted, logging into the artifacts; global teardown stops it. */
async function startRestarted(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; ready: () => Promise<true | undefined> },
) {
  const log = fs.openSync(path.join(ARTIFACTS, `${name}-restarted.log`), 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', log, log],
    detached: true,
  });
  child.unref();
  fs.appendFileSync(RESTARTED_PIDS_FILE, `${child.pid}\n`);
  await eventually(options.ready, 30_000, `${name} to be ready`);
  return child.pid!;
}

/** Starts `node dist/server.js` in `appDir`; global teardown stops it. */
const startApp = (appId: string, appDir: string, appPort: number, env: Record<string, string>) =>
  startRestarted(`${appId}-${appPort}`, 'node', ['dist/server.js'], {
    cwd: path.join(ROOT, appDir),
    env,
    ready: () => appHealthy(appPort),
  });

/**
 * Kills an app (SIGKILL: no graceful shutdown, as in a crash) while its sidecar keeps
 * running. `restart` starts it again with exactly the environment it had.
 */
export function crashApp(appId: string, appDir: string, appPort: number): { restart: () => Promise<void> } {
  const appPid = listenerPid(appPort);
  const env = environmentOf(appPid);
  process.kill(appPid, 'SIGKILL');
  return { restart: async () => void (await startApp(appId, appDir, appPort, env)) };
}

const sidecarHealthy = async (app: keyof typeof SIDECAR) => {
  try {
    return (await fetch(`${sidecarUrl(app)}/healthz`)).status === 204 ? true : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Kills an app's sidecar (daprd, SIGKILL: as in a crash) while the app keeps running.
 * `restart` starts daprd again as `dapr run -f` started it: the same binary, command line
 * (app id, ports, components, configuration), environment (API tokens, trust anchors) and
 * directory, read from the running process.
 */
export function crashSidecar(app: keyof typeof SIDECAR): { restart: () => Promise<void> } {
  const pid = listenerPid(SIDECAR[app]);
  const binary = fs.readlinkSync(`/proc/${pid}/exe`);
  const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(1, -1);
  const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
  if (!args.includes('--app-id') || !args.includes(app))
    throw new Error(`the process on :${SIDECAR[app]} is not the ${app} sidecar: ${binary} ${args.join(' ')}`);
  const env = environmentOf(pid);
  process.kill(pid, 'SIGKILL');
  return {
    restart: async () =>
      void (await startRestarted(`daprd-${app}`, binary, args, {
        cwd,
        env,
        ready: () => sidecarHealthy(app),
      })),
  };
}

export async function crashAndRestart(
  appId: string,
  appDir: string,
  appPort: number,
  downMs = 2000,
): Promise<void> {
  const crashed = crashApp(appId, appDir, appPort);
  await sleep(downMs);
  await crashed.restart();
}

/**
 * Another instance of a running app on `port`, with the same environment (so the same
 * sidecar and secrets) but for `overrides`. Returns its pid.
 */
export function startReplica(
  appId: string,
  appDir: string,
  runningPort: number,
  port: number,
  overrides: Record<string, string> = {},
): Promise<number> {
  // Not the running instance's metrics port: that one is taken.
  const { METRICS_PORT: _taken, ...running } = environmentOf(listenerPid(runningPort));
  const env = { ...running, APP_PORT: String(port), ...overrides };
  return startApp(appId, appDir, port, env);
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
