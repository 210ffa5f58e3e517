// Creates the PostgreSQL databases named in secrets.json (the services' and the Dapr
// state store's connection strings) and FerretDB's if they do not exist yet. Uses the pg driver, so
// no psql client is needed. The names come from the secrets, so a second checkout
// can point at its own databases by editing its secrets.json.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const secrets = JSON.parse(fs.readFileSync(path.join(root, 'secrets.json'), 'utf8'));

const fromUrl = (url) => new URL(url).pathname.replace(/^\//, '');
const fromKeywords = (dsn) => /(?:^|\s)dbname=(\S+)/.exec(dsn)?.[1];
const databases = [
  fromUrl(secrets.ORDER_DATABASE_URL),
  fromUrl(secrets.PAYMENT_DATABASE_URL),
  fromKeywords(secrets.STATESTORE_CONNECTION_STRING),
  // FerretDB's PostgreSQL backend (the MongoDB-protocol store when no MongoDB answers): scripts/start.
  fromUrl(process.env.FERRETDB_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/sidecart_ferretdb'),
].filter(Boolean);

const client = new pg.Client({
  connectionString: process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
});
await client.connect();
const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname = ANY($1)', [databases]);
const existing = new Set(rows.map((r) => r.datname));
for (const db of databases) {
  if (!/^[a-z_][a-z0-9_]*$/.test(db)) throw new Error(`unexpected database name ${db}`);
  if (!existing.has(db)) await client.query(`CREATE DATABASE ${db}`);
}
await client.end();
console.log(`    PostgreSQL databases ready: ${databases.join(', ')}`);
