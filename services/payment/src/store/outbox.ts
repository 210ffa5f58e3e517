import type pg from 'pg';
import { Topics, type EventOf, type Topic } from '@sidecart/contracts';
import { inTransaction, type Dapr } from '@sidecart/service-kit';

/** Writes an event in the caller's transaction: it exists if and only if the change commits. */
export async function enqueue<T extends Topic>(
  tx: pg.PoolClient,
  topic: T,
  event: EventOf<T>,
): Promise<void> {
  const payload = Topics[topic].parse(event);
  await tx.query('INSERT INTO outbox (event_id, topic, payload) VALUES ($1, $2, $3)', [
    payload.eventId,
    topic,
    JSON.stringify(payload),
  ]);
}

/**
 * Publishes pending outbox rows in order and marks them published. Rows are locked
 * (SKIP LOCKED), so two replicas never publish the same row at once. A crash after a
 * publish and before the commit publishes it again: consumers dedupe by eventId.
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
