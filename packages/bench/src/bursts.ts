import { randomUUID } from 'node:crypto';
import { api } from './api';
import { cpuBetween, cpuSnapshot, type CpuUse } from './memory';
import { latencyOf, Tally, type Latency } from './stats';

export type Burst = {
  n: number;
  statuses: Record<string, number>;
  latency: Latency;
  wallS: number;
  /** Processor seconds the stack's processes used during the burst, largest first. */
  cpu?: CpuUse;
};

async function burst(
  calls: (() => Promise<{ status: number; ms: number }>)[],
  roots: number[],
): Promise<Burst> {
  const statuses = new Tally();
  const ms: number[] = [];
  const cpuBefore = cpuSnapshot(roots);
  const started = performance.now();
  await Promise.all(
    calls.map(async (call) => {
      try {
        const res = await call();
        statuses.add(res.status);
        ms.push(res.ms);
      } catch {
        statuses.add('network error');
      }
    }),
  );
  const wallS = (performance.now() - started) / 1000;
  return {
    n: calls.length,
    statuses: statuses.counts,
    latency: latencyOf(ms),
    wallS,
    cpu: cpuBetween(cpuBefore, cpuSnapshot(roots)),
  };
}

const PASSWORD = 'correct-horse-42';

/** n concurrent sign-ups with distinct emails, then n concurrent sign-ins of those accounts. */
export async function runBursts(n: number, roots: number[]): Promise<{ signUps: Burst; signIns: Burst }> {
  const emails = Array.from({ length: n }, () => `bench-${randomUUID()}@example.com`);
  const signUps = await burst(
    emails.map(
      (email) => () =>
        api('/customers', { method: 'POST', body: { email, password: PASSWORD, name: 'Bench Shopper' } }),
    ),
    roots,
  );
  const signIns = await burst(
    emails.map(
      (email) => () =>
        api('/customers/credentials/verify', { method: 'POST', body: { email, password: PASSWORD } }),
    ),
    roots,
  );
  return { signUps, signIns };
}
