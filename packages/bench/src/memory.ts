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
      each.push({ name: describe(cmd), rssMiB: r / 1024 });
    } catch {
      // gone
    }
  }
  each.sort((a, b) => b.rssMiB - a.rssMiB);
  return { processes: pids.length, rssMiB: rss / 1024, pssMiB: pss / 1024, largest: each.slice(0, 8) };
}

function describe(cmd: string[]): string {
  const base = (s: string | undefined) => (s ?? '?').split('/').pop()!;
  const appId = cmd.indexOf('--app-id');
  if (appId >= 0) return `daprd ${cmd[appId + 1]}`;
  if (base(cmd[0]) === 'node')
    return `node ${
      cmd
        .slice(1)
        .find((a) => !a.startsWith('-'))
        ?.split('/')
        .slice(-3)
        .join('/') ?? ''
    }`;
  return base(cmd[0]);
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
