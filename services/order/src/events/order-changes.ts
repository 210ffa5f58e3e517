import { listenTo, type Logger } from '@sidecart/service-kit';

/** The channel an order row's every committed change is announced on (migration 1732900000000). */
export const ORDER_CHANGED_CHANNEL = 'order_changed';

/**
 * Lets a request wait until an order changes, so a client following its checkout asks once
 * and is answered when something happens (`GET /orders/:id` with `Prefer: wait`), instead
 * of polling. Changes come from PostgreSQL (a trigger NOTIFYs the id at COMMIT), so a change
 * applied by any replica wakes the waiters of every replica. A notification is only a hint:
 * a waiter always reads the order again before it answers, so a lost one costs the wait's
 * time, never a wrong answer.
 *
 * Measured before (50 shoppers in `npm run bench`, each polling its order every 50 ms until
 * the approval link came): see docs/performance.md, "Waiting for an order without polling".
 */
export class OrderChanges {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Registers a waiter now; the promise settles on the order's next change or after `ms`. */
  next(orderId: string, ms: number): { changed: Promise<boolean>; cancel: () => void } {
    let wake!: (changed: boolean) => void;
    const changed = new Promise<boolean>((resolve) => (wake = resolve));
    const set = this.waiters.get(orderId) ?? new Set();
    this.waiters.set(orderId, set);
    const done = (result: boolean) => {
      clearTimeout(timer);
      set.delete(onChange);
      if (set.size === 0 && this.waiters.get(orderId) === set) this.waiters.delete(orderId);
      wake(result);
    };
    const onChange = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    set.add(onChange);
    return { changed, cancel: () => done(false) };
  }

  /** Wakes the waiters of `orderId`; an empty id (the connection was lost) wakes them all. */
  notify(orderId: string): void {
    const ids = orderId ? [orderId] : [...this.waiters.keys()];
    for (const id of ids) for (const wake of [...(this.waiters.get(id) ?? [])]) wake();
  }

  /** How many requests wait right now (for tests and metrics). */
  get waiting(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  /** Follows the database's announcements; returns a function that stops. */
  listen(databaseUrl: string, logger: Logger): () => Promise<void> {
    return listenTo(databaseUrl, ORDER_CHANGED_CHANNEL, (id) => this.notify(id), logger);
  }
}
