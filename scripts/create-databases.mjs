// Creates the PostgreSQL databases the services and the Dapr state store use,
// if they do not exist yet. Uses the pg driver so no psql client is needed.
import pg from 'pg';

const databases = ['orders', 'payments', 'sidecart_state'];
const client = new pg.Client({
  connectionString: process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
});
await client.connect();
const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname = ANY($1)', [databases]);
const existing = new Set(rows.map((r) => r.datname));
for (const db of databases) {
  if (!existing.has(db)) await client.query(`CREATE DATABASE ${db}`);
}
await client.end();
console.log(`    PostgreSQL databases ready: ${databases.join(', ')}`);
