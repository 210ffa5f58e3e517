import { Topics, type EventOf, type Topic } from '@sidecart/contracts';
import type pg from 'pg';
import type { Dapr } from './dapr';
import { inTransaction } from './postgres';

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
  await tx.query('INSERT INTO outbox (event_id, topic, payload) VALUES ($1, $2, $3)', [
    payload.eventId,
    topic,
    payload,
  ]);
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
