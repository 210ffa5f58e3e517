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

/** The name of the program listening on `port` (e.g. `ferretdb`), or undefined when none is. */
export function listenerName(port: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${listenerPid(port)}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
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

/**
 * Starts a process the tests restarted, logging into the artifacts; global teardown stops it.
 * Fails as soon as the process exits before it is ready (with what it logged about it, e.g.
 * daprd's fatal error about a component), else after `within` ms.
 */
async function startRestarted(
  name: string,
  command: string,
  args: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    ready: () => Promise<true | undefined>;
    within?: number;
  },
) {
  const logFile = path.join(ARTIFACTS, `${name}-restarted.log`);
  const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  child.unref();
  fs.appendFileSync(RESTARTED_PIDS_FILE, `${child.pid}\n`);
  /** What this start logged: its fatal and error lines, else its last lines. */
  const logged = () => {
    const lines = fs.readFileSync(logFile, 'utf8').slice(logStart).split('\n').filter(Boolean);
    const bad = lines.filter((l) => /level=(fatal|error)|"level":"(fatal|error)"/.test(l));
    return (bad.length ? bad : lines).slice(-5).join('\n');
  };
  let stopWaiting!: () => void;
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`${name} exited (${signal ?? `code ${code}`}) before it was ready:\n${logged()}`)),
    );
    stopWaiting = () => child.removeAllListeners('exit');
  });
  exited.catch(() => undefined);
  const within = options.within ?? 30_000;
  try {
    await Promise.race([
      exited,
      eventually(options.ready, { within, what: `${name} to be ready` }).catch((err: Error) => {
        throw new Error(`${err.message}; it logged:\n${logged()}`);
      }),
    ]);
  } finally {
    stopWaiting();
  }
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

/** How a running sidecar was started: binary, command line, environment and directory. */
export type SidecarCommand = {
  app: keyof typeof SIDECAR;
  pid: number;
  binary: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
};

/**
 * Reads how `dapr run -f` (or a restart) started the app's running sidecar: the same binary,
 * command line (app id, ports, components, configuration), environment (API tokens, trust
 * anchors) and directory, from the process.
 */
export function sidecarCommand(app: keyof typeof SIDECAR): SidecarCommand {
  const pid = listenerPid(SIDECAR[app]);
  const binary = fs.readlinkSync(`/proc/${pid}/exe`);
  const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(1, -1);
  const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
  if (!args.includes('--app-id') || !args.includes(app))
    throw new Error(`the process on :${SIDECAR[app]} is not the ${app} sidecar: ${binary} ${args.join(' ')}`);
  return { app, pid, binary, args, env: environmentOf(pid), cwd };
}

/**
 * Starts a sidecar as `command` describes (with `env` added), waiting until it is healthy.
 * Fails at once, with its fatal error, when daprd exits (a component it cannot initialize),
 * else after `within` ms. Global teardown stops it.
 */
export async function startSidecar(
  command: SidecarCommand,
  options: { env?: Record<string, string>; within?: number } = {},
): Promise<number> {
  return startRestarted(`daprd-${command.app}`, command.binary, command.args, {
    cwd: command.cwd,
    env: { ...command.env, ...options.env },
    ready: () => sidecarHealthy(command.app),
    within: options.within,
  });
}

/** Stops a running sidecar as Ctrl-C would (SIGTERM) and waits until its process is gone. */
export async function stopSidecar(app: keyof typeof SIDECAR): Promise<void> {
  let pid: number;
  try {
    pid = listenerPid(SIDECAR[app]);
  } catch {
    return; // not running (a start that failed)
  }
  // Gone, or a zombie its parent (the Dapr CLI) has not reaped yet.
  const gone = () => {
    try {
      return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
    } catch {
      return true;
    }
  };
  process.kill(pid, 'SIGTERM');
  await eventually(async () => (gone() ? true : undefined), {
    within: 20_000,
    what: `the ${app} sidecar (pid ${pid}) to stop`,
  }).catch(() => process.kill(pid, 'SIGKILL'));
}

/**
 * Kills an app's sidecar (daprd, SIGKILL: as in a crash) while the app keeps running.
 * `restart` starts daprd again as it was started (sidecarCommand).
 */
export function crashSidecar(app: keyof typeof SIDECAR): { restart: () => Promise<void> } {
  const command = sidecarCommand(app);
  process.kill(command.pid, 'SIGKILL');
  return { restart: async () => void (await startSidecar(command)) };
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
