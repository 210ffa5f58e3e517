import { Topics, type EventOf, type Topic } from '@sidecart/contracts';
import pg from 'pg';
import type { Dapr } from './dapr';
import { startLoop } from './lifecycle';
import type { Logger } from './logger';
import { afterCommit, inTransaction } from './postgres';

/** The PostgreSQL channel every commit that enqueued an event notifies (per database). */
export const OUTBOX_CHANNEL = 'sidecart_outbox';

const localRelays = new Set<() => void>();
const wakeLocalRelays = () => localRelays.forEach((wake) => wake());

/**
 * Transactional outbox on PostgreSQL. `enqueueEvent` writes the event in the caller's
 * transaction, so it exists if and only if the change that caused it committed;
 * `relayOutbox` publishes what is pending. A service using it has this table:
 *
 *   CREATE TABLE outbox (id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, topic text NOT NULL,
 *     payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz);
 */
export async function enqueueEvent<T extends Topic>(
  tx: pg.ClientBase,
  topic: T,
  event: EventOf<T>,
): Promise<void> {
  const payload = Topics[topic].parse(event);
  // NOTIFY inside the transaction is delivered at COMMIT, and never on ROLLBACK; PostgreSQL
  // folds the notifications of one transaction into one. One round trip for both.
  await tx.query(
    `WITH queued AS (INSERT INTO outbox (event_id, topic, payload) VALUES ($1, $2, $3) RETURNING 1)
     SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM queued`,
    [payload.eventId, topic, payload],
  );
  afterCommit(tx, wakeLocalRelays);
}

/**
 * Publishes up to `batch` pending events in order. Rows are locked with SKIP LOCKED, so
 * replicas relay side by side without publishing the same row at once. A crash after a
 * publish and before the commit publishes that event again: consumers dedupe by eventId.
 */
export async function relayOutbox(pool: pg.Pool, dapr: Dapr, batch = 50): Promise<number> {
  return inTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string; topic: Topic; payload: EventOf<Topic> }>(
      `SELECT id, topic, payload FROM outbox WHERE published_at IS NULL
       ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batch],
    );
    let published = 0;
    for (const row of rows) {
      try {
        await dapr.publish(row.topic, row.payload);
      } catch (err) {
        if (published === 0) throw err;
        break; // commit what went out; the loop comes back for the rest
      }
      await tx.query('UPDATE outbox SET published_at = now() WHERE id = $1', [row.id]);
      published++;
    }
    return published;
  });
}

/**
 * Marks an event as handled in the caller's transaction; false when it was handled
 * before (a redelivery). Needs `processed_events (event_id uuid PRIMARY KEY, topic text, processed_at timestamptz)`.
 */
export async function firstDelivery(tx: pg.ClientBase, eventId: string, topic: Topic): Promise<boolean> {
  const result = await tx.query(
    'INSERT INTO processed_events (event_id, topic) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING',
    [eventId, topic],
  );
  return result.rowCount === 1;
}

/**
 * Calls `onNotify` on every notification of `channel`, on a connection of its own that is
 * opened again (after `retryMs`) whenever it drops. Returns a function that closes it.
 */
export function listenTo(
  databaseUrl: string,
  channel: string,
  onNotify: () => void,
  logger: Logger,
  { retryMs = 1000 } = {},
): () => Promise<void> {
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: databaseUrl });
    client = c;
    const again = (err?: Error) => {
      if (client !== c) return;
      client = undefined;
      c.end().catch(() => undefined);
      if (stopped) return;
      logger.warn({ err: err?.message, channel }, 'LISTEN connection lost; reconnecting');
      onNotify(); // something may have been committed while we were not listening
      timer = setTimeout(() => void connect(), retryMs);
    };
    c.on('notification', () => onNotify());
    c.on('error', again);
    c.on('end', () => again());
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (err) {
      again(err as Error);
    }
  };
  void connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const c = client;
    client = undefined;
    await c?.end().catch(() => undefined);
  };
}

/**
 * The PostgreSQL outbox relay of a service: publishes pending events as soon as a
 * transaction that enqueued one commits (in this process: at once; in another replica:
 * through LISTEN/NOTIFY), with a slow poll only as a safety net for missed signals.
 * Measured at 20 shoppers: placed → approval link p50 12.5 s with polling alone.
 */
export function startOutboxRelay(
  { pool, databaseUrl, dapr }: { pool: pg.Pool; databaseUrl: string; dapr: Dapr },
  logger: Logger,
  { safetyNetMs = 2000 } = {},
): () => Promise<void> {
  const loop = startLoop('outbox-relay', () => relayOutbox(pool, dapr), logger, { idleMs: safetyNetMs });
  localRelays.add(loop.wake);
  const unlisten = listenTo(databaseUrl, OUTBOX_CHANNEL, loop.wake, logger);
  return async () => {
    localRelays.delete(loop.wake);
    await unlisten();
    await loop();
  };
}
