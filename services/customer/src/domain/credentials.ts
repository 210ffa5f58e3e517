import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Algorithm, hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { problem } from '@sidecart/service-kit';

/**
 * Passwords are hashed with Argon2id at OWASP's recommended minimum (19 MiB, 2 passes,
 * 1 lane), in native code on libuv's thread pool: never on the event loop, so a burst of
 * sign-ups does not stall every other request of the service. Accounts hashed before with
 * bcrypt (`$2…`) still verify, and are re-hashed with Argon2id at their next sign-in.
 * Measured, 50 concurrent sign-ups: with bcryptjs (cost 11, on the event loop) 42 × 201
 * and 8 × 503, then 50 × 503 as the circuit breaker opened. With Argon2id off the event loop,
 * measured here on the shared 2-core machine: 50 at once → 50 × 201 in 2.0 s.
 */
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Sign-ins before sign-ups: a shopper waiting to get in outranks an account being opened. */
export type HashPriority = 'sign-in' | 'sign-up';

type Job = { priority: HashPriority; start: () => void };

/**
 * At most `concurrency` hashes at once, sign-ins served first, and a queue no longer than
 * what finishes within `budgetMs` at the measured pace: a request that would wait past the
 * caller's invocation timeout (5 s) is refused at once with 503 and Retry-After instead of
 * timing out after having used the CPU. A sign-in counts only the sign-ins ahead of it.
 *
 * One hash per core. Leaving one core to everything else (`availableParallelism() - 1`) was
 * measured and not kept: sign-ins sent during a burst of 100 sign-ups went from p50 1,002 ms,
 * p95 1,714 ms to p50 96 ms, p95 508 ms, but sign-ups took p95 3.5 s, close to the 5 s
 * timeout on this machine and past it on a slower one, and 7 of 100 sign-ins sent at once
 * were refused (docs/performance.md, "the sign-in burst").
 */
export class HashQueue {
  private running = 0;
  private readonly waiting: Job[] = [];

  constructor(
    private readonly concurrency = Math.max(1, availableParallelism()),
    private readonly budgetMs = 4_000,
    /**
     * Moving average of one hash's duration, in ms. It starts at a typical value (12.8 ms was
     * measured alone on the 2-core machine, more under load) rather than from one start-up
     * measurement: a hash timed while the whole stack boots once made the queue refuse most of
     * the first burst.
     */
    private averageMs = 50,
  ) {}

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(priority: HashPriority, work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      const ahead =
        priority === 'sign-in'
          ? this.waiting.filter((j) => j.priority === 'sign-in').length
          : this.waiting.length;
      const expectedWaitMs = ((ahead + 1) / this.concurrency) * this.averageMs;
      if (expectedWaitMs > this.budgetMs) {
        throw problem(503, 'Too many password checks at once; try again in a moment', {
          headers: { 'retry-after': '1' },
        });
      }
      await new Promise<void>((start) => {
        const job = { priority, start };
        // Sign-ins go ahead of every queued sign-up, behind earlier sign-ins.
        const at = priority === 'sign-in' ? this.waiting.findIndex((j) => j.priority === 'sign-up') : -1;
        if (at === -1) this.waiting.push(job);
        else this.waiting.splice(at, 0, job);
      });
    } else {
      this.running++;
    }
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.averageMs = this.averageMs * 0.8 + (performance.now() - started) * 0.2;
      const next = this.waiting.shift();
      if (next)
        next.start(); // the slot passes on
      else this.running--;
    }
  }
}

const queue = new HashQueue();

export const hashPassword = (password: string, priority: HashPriority = 'sign-up') =>
  queue.run(priority, () => argon2Hash(password, ARGON2));

const check = (password: string, hash: string): Promise<boolean> =>
  hash.startsWith('$2') ? bcrypt.compare(password, hash) : argon2Verify(hash, password);

export const passwordMatches = (password: string, hash: string) =>
  queue.run('sign-in', () => check(password, hash));

/** True for hashes made before Argon2id (bcrypt): re-hash them once the password is known. */
export const needsRehash = (hash: string) => !hash.startsWith('$argon2id$');

/** A hash of a random secret nobody knows, with the same parameters as real ones (made at start-up). */
const unknownAccountHash = argon2Hash(randomBytes(18).toString('base64'), ARGON2);
unknownAccountHash.catch(() => undefined);
const decoy = () => unknownAccountHash;

/**
 * Checks a password against an account's hash, or against a decoy hash when there is
 * no such account, so both answers take as long and an attacker cannot tell which
 * emails have accounts from the response time.
 */
export async function credentialsMatch(password: string, hash: string | undefined): Promise<boolean> {
  const against = hash ?? (await decoy());
  const matches = await passwordMatches(password, against);
  return matches && hash !== undefined;
}
