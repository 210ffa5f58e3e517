// Creates the PostgreSQL databases named in the running profile's secrets (the services' and
// the Dapr state store's connection strings) and FerretDB's if they do not exist yet. Uses the pg driver, so
// no psql client is needed. The names come from the secrets, so a second checkout can point at
// its own databases by editing its secrets.json.
//
// --fresh (the `test` and `bench` profiles only) first empties every store of the profile: its
// PostgreSQL and MongoDB databases, its Redis databases and its pictures folder
// (.data/<profile>/images), so each run starts from an empty
// shop. It refuses to touch a database whose name lacks the profile's suffix.
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
// The running profile's secrets (scripts/start sets SIDECART_SECRETS), else the shop's.
const secrets = JSON.parse(
  fs.readFileSync(process.env.SIDECART_SECRETS ?? path.join(root, 'secrets.json'), 'utf8'),
);
const profile = process.env.SIDECART_PROFILE ?? 'dev';
const fresh = process.argv.includes('--fresh');
if (fresh && profile === 'dev') throw new Error("--fresh never runs on the shop's own data (profile dev)");

const fromUrl = (url) => new URL(url).pathname.replace(/^\//, '');
const fromKeywords = (dsn) => /(?:^|\s)dbname=(\S+)/.exec(dsn)?.[1];
const databases = [
  fromUrl(secrets.ORDER_DATABASE_URL),
  fromUrl(secrets.PAYMENT_DATABASE_URL),
  fromKeywords(secrets.STATESTORE_CONNECTION_STRING),
  // FerretDB's PostgreSQL backend (the MongoDB-protocol store when no MongoDB answers): scripts/start.
  fromUrl(process.env.FERRETDB_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/sidecart_ferretdb'),
].filter(Boolean);
const ownedByProfile = (db) => db.endsWith(`_${profile}`);

const client = new pg.Client({
  connectionString: process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
});
await client.connect();
for (const db of databases)
  if (!/^[a-z_][a-z0-9_]*$/.test(db)) throw new Error(`unexpected database name ${db}`);
if (fresh) {
  for (const db of databases.filter(ownedByProfile))
    await client.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
}
const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname = ANY($1)', [databases]);
const existing = new Set(rows.map((r) => r.datname));
for (const db of databases) {
  if (!existing.has(db)) await client.query(`CREATE DATABASE ${db}`);
}
await client.end();
console.log(`    PostgreSQL databases ${fresh ? 'emptied and ' : ''}ready: ${databases.join(', ')}`);

if (fresh) {
  const mongoUrls = [secrets.CUSTOMER_MONGO_URL, secrets.PRODUCT_MONGO_URL].filter(Boolean);
  for (const url of mongoUrls) {
    const mongo = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    await mongo.connect();
    const db = mongo.db();
    if (ownedByProfile(db.databaseName)) await db.dropDatabase();
    await mongo.close();
  }
  // The broker's and the rate limiter's Redis databases, as the profile's components name them.
  const components = path.join(root, '.data', profile, 'components');
  const redisDbs = new Set();
  if (secrets.RATE_LIMIT_REDIS_URL) redisDbs.add(Number(fromUrl(secrets.RATE_LIMIT_REDIS_URL) || 0));
  for (const file of fs.existsSync(components) ? fs.readdirSync(components) : []) {
    const db = /name: redisDB\s+value: "?'?(\d+)/.exec(
      fs.readFileSync(path.join(components, file), 'utf8'),
    )?.[1];
    if (db) redisDbs.add(Number(db));
  }
  for (const db of [...redisDbs].filter((n) => n !== 0 && n !== 1)) {
    const redis = new Redis({ host: '127.0.0.1', port: 6379, db, lazyConnect: true });
    await redis.connect();
    await redis.flushdb();
    redis.disconnect();
  }
  // Its product pictures (the `images` binding's folder, scripts/profile.mjs): never the shop's .data/images.
  fs.rmSync(path.join(root, '.data', profile, 'images'), { recursive: true, force: true });
  console.log(
    `    emptied the '${profile}' profile's MongoDB databases, Redis databases ${[...redisDbs].join(', ')} and pictures`,
  );
}
