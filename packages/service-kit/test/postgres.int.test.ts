/**
 * The pool `createPool` opens, against the test profile's PostgreSQL (the machine's server): a
 * connection that dies while idle in the pool (here its backend is terminated from another
 * connection, as a PostgreSQL restart would) is logged and counted, the process goes on, and the
 * pool serves the next query on a new connection. Without the pool's 'error' listener the idle
 * client's error is an unhandled 'error' event, which ends the process (and fails this test).
 */
import { Writable } from 'node:stream';
import pg from 'pg';
import pino from 'pino';
import { createPool, metrics } from '@sidecart/service-kit';
import { eventually, localSecrets } from '../../stack-tests/src/stack';

const url = localSecrets().ORDER_DATABASE_URL!;

const idleErrors = async () =>
  (await metrics.getSingleMetric('sidecart_postgres_idle_client_errors_total')!.get()).values[0]?.value ?? 0;

it('survives an idle pooled connection killed under it and serves the next query on a new one', async () => {
  const logged: { level: number; msg: string; err?: { message: string } }[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(JSON.parse(chunk.toString()));
        done();
      },
    }),
  );
  const pool = createPool(url, logger);
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  try {
    const before = await idleErrors();
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const killed = rows[0]!.pid;
    expect(pool.idleCount).toBe(1); // the connection waits in the pool, checked out by nobody

    const terminated = await other.query('SELECT pg_terminate_backend($1) AS done', [killed]);
    expect(terminated.rows[0].done).toBe(true);

    await eventually(async () => ((await idleErrors()) === before + 1 ? true : undefined), {
      within: 10_000,
      what: 'the pool to report the idle connection’s error',
    });
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'an idle PostgreSQL connection failed; the pool drops it' }),
    );
    expect(pool.totalCount).toBe(0); // dropped, not handed out again

    const next = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(next.rows[0]!.pid).not.toBe(killed);
    expect(await idleErrors()).toBe(before + 1);
  } finally {
    await other.end();
    await pool.end();
  }
});
