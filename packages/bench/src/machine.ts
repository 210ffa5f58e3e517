import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../stack-tests/src/stack';

export type Machine = {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  loadAverage: number[];
};
export type Versions = { daprd: string; node: string; ferretdb: string; postgres: string };
export type Revision = { commit: string; dirty: boolean; branch: string };

const run = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return '';
  }
};

export function machine(): Machine {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function versions(): Versions {
  const tools = process.env.DAPR_RUNTIME_PATH ?? path.join(ROOT, '.tools');
  const daprd = run(path.join(tools, '.dapr/bin/daprd'), ['--version']);
  const ferret = run(path.join(tools, 'bin/ferretdb'), ['--version']);
  return {
    daprd: daprd.split('\n')[0] || 'unknown',
    node: process.version,
    ferretdb: /version:\s*(\S+)/.exec(ferret)?.[1] ?? (ferret.split('\n')[0] || 'unknown'),
    postgres: 'unknown',
  };
}

export function revision(): Revision {
  return {
    commit: run('git', ['rev-parse', '--short=12', 'HEAD']) || 'unknown',
    dirty: run('git', ['status', '--porcelain', '--untracked-files=no']) !== '',
    branch: run('git', ['rev-parse', '--abbrev-ref', 'HEAD']) || 'unknown',
  };
}
