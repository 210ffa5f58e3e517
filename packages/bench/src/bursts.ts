import { randomUUID } from 'node:crypto';
import { api } from './api';
import { cpuBetween, cpuSnapshot, type CpuUse } from './memory';
import { latencyOf, Tally, type Latency } from './stats';

export type Burst = {
  n: number;
  statuses: Record<string, number>;
  latency: Latency;
  wallS: number;
  /** Processor seconds the stack's processes used during the burst, largest first (when measured). */
  cpu?: CpuUse;
};

/** The calls at once; the stack's processor time too when given its processes' `roots`. */
async function burst(
  calls: (() => Promise<{ status: number; ms: number }>)[],
  roots?: number[],
): Promise<Burst> {
  const statuses = new Tally();
  const ms: number[] = [];
  const cpuBefore = roots && cpuSnapshot(roots);
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
  return {
    n: calls.length,
    statuses: statuses.counts,
    latency: latencyOf(ms),
    wallS: (performance.now() - started) / 1000,
    ...(roots && cpuBefore ? { cpu: cpuBetween(cpuBefore, cpuSnapshot(roots)) } : {}),
  };
}

const PASSWORD = 'correct-horse-42';

/** Sign-ins of existing accounts sent while the sign-up burst runs, one every this many ms. */
export const DURING_EVERY_MS = 50;

/**
 * n concurrent sign-ups with distinct emails, with `during` sign-ins of other, existing accounts
 * sent while they are queued (the "sign-in p95 during the burst": sign-ins go ahead of
 * queued sign-ups); then n concurrent sign-ins of the new accounts.
 */
export async function runBursts(
  n: number,
  roots: number[],
  during = Math.max(1, Math.round(n / 5)),
): Promise<{ signUps: Burst; signIns: Burst; signInsDuringSignUps: Burst }> {
  const emails = Array.from({ length: n }, () => `bench-${randomUUID()}@example.com`);
  const existing = Array.from({ length: during }, () => `bench-${randomUUID()}@example.com`);
  const signUp = (email: string) => () =>
    api('/customers', { method: 'POST', body: { email, password: PASSWORD, name: 'Bench Shopper' } });
  const signIn = (email: string) => () =>
    api('/customers/credentials/verify', { method: 'POST', body: { email, password: PASSWORD } });
  for (const email of existing) {
    const res = await signUp(email)();
    if (res.status !== 201) throw new Error(`opening an account for the bursts answered ${res.status}`);
  }
  const [signUps, signInsDuringSignUps] = await Promise.all([
    burst(emails.map(signUp), roots),
    burst(
      existing.map(
        (email, i) => () =>
          new Promise<void>((resolve) => setTimeout(resolve, (i + 1) * DURING_EVERY_MS)).then(signIn(email)),
      ),
    ),
  ]);
  const signIns = await burst(emails.map(signIn), roots);
  return { signUps, signIns, signInsDuringSignUps };
}
