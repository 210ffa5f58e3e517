import fs from 'node:fs';

/**
 * Resident memory of a process tree: every process below `roots` (scripts/start and what
 * it started: FerretDB, sentry, placement, the PayPal double, the storefront, the Dapr CLI,
 * the sidecars and the apps). PostgreSQL and Redis run outside the stack and are not counted.
 */
export type Memory = {
  processes: number;
  rssMiB: number;
  pssMiB: number;
  largest: { name: string; rssMiB: number }[];
};

function children(): Map<number, number[]> {
  const tree = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      tree.set(ppid, [...(tree.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  return tree;
}

const kib = (text: string, field: string) =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);

export function treeMemory(roots: number[]): Memory {
  const tree = children();
  const pids: number[] = [];
  const queue = [...roots];
  while (queue.length) {
    const pid = queue.shift()!;
    pids.push(pid);
    queue.push(...(tree.get(pid) ?? []));
  }
  let rss = 0;
  let pss = 0;
  const each: { name: string; rssMiB: number }[] = [];
  for (const pid of pids) {
    try {
      const r = kib(fs.readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS');
      rss += r;
      try {
        pss += kib(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
      } catch {
        pss += r;
      }
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      each.push({ name: describe(cmd, pid), rssMiB: r / 1024 });
    } catch {
      // gone
    }
  }
  each.sort((a, b) => b.rssMiB - a.rssMiB);
  return { processes: pids.length, rssMiB: rss / 1024, pssMiB: pss / 1024, largest: each.slice(0, 8) };
}

function describe(cmd: string[], pid?: number): string {
  const base = (s: string | undefined) => (s ?? '?').split('/').pop()!;
  const appId = cmd.indexOf('--app-id');
  if (appId >= 0) return `daprd ${cmd[appId + 1]}`;
  if (base(cmd[0]) === 'node' || base(cmd[0]) === 'next-server') {
    // Every app runs `node dist/server.js`: its folder says which one it is.
    let where = '';
    try {
      if (pid) where = fs.readlinkSync(`/proc/${pid}/cwd`).split('/').slice(-2).join('/');
    } catch {
      // gone
    }
    const script =
      cmd
        .slice(1)
        .find((a) => !a.startsWith('-'))
        ?.split('/')
        .slice(-3)
        .join('/') ?? '';
    return where ? `node ${where} (${script})` : `node ${script}`;
  }
  return base(cmd[0]);
}

/** Processor time (user + system) of each process of a tree, and of the machine-wide databases. */
export type CpuSnapshot = Map<number, { name: string; seconds: number }>;

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is the state (field 3): utime and stime are fields 14 and 15.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export function cpuSnapshot(roots: number[], alsoNamed: RegExp = /^(postgres|redis-server)$/): CpuSnapshot {
  const tree = children();
  const pids = new Set<number>();
  const queue = [...roots];
  while (queue.length) {
    const pid = queue.shift()!;
    pids.add(pid);
    queue.push(...(tree.get(pid) ?? []));
  }
  const snap: CpuSnapshot = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      const inTree = pids.has(pid);
      if (!inTree && !alsoNamed.test(comm)) continue;
      const name = inTree ? describe(cmd, pid) : `${comm} (machine-wide)`;
      snap.set(pid, { name, seconds: cpuSeconds(pid) });
    } catch {
      // gone
    }
  }
  return snap;
}

export type CpuUse = { name: string; seconds: number }[];

/** Processor seconds used between two snapshots, summed by process name, largest first. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const byName = new Map<string, number>();
  for (const [pid, a] of after) {
    const used = a.seconds - (before.get(pid)?.seconds ?? 0);
    if (used > 0) byName.set(a.name, (byName.get(a.name) ?? 0) + used);
  }
  return [...byName].map(([name, seconds]) => ({ name, seconds })).sort((x, y) => y.seconds - x.seconds);
}

/** The scripts/start processes running now (one stack per machine), for a stack this run did not start. */
export function runningStackRoots(): number[] {
  const roots: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (/bash$/.test(cmd[0] ?? '') && /scripts\/start$/.test(cmd[1] ?? '')) roots.push(Number(entry));
    } catch {
      // gone
    }
  }
  // Only the outermost: scripts/start's subshells share its command line.
  const tree = children();
  const below = new Set<number>();
  const walk = (pid: number) => (tree.get(pid) ?? []).forEach((c) => (below.add(c), walk(c)));
  roots.forEach(walk);
  return roots.filter((r) => !below.has(r));
}
