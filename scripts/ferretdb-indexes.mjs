// Gives FerretDB's PostgreSQL tables indexes its equality filters can use, for the lookups by a
// natural key (docs/performance.md, "Where the time went: lookups by key on FerretDB").
//
// FerretDB 1.24 pushes an equality on a top-level field down to PostgreSQL as
// `_jsonb->'field' @> '<value>'`, but the indexes it creates for the services' index declarations
// are btree indexes on `(_jsonb->'field')`, which that operator cannot use: a product by slug, a
// customer by email, a stock movement by its idempotency key was a sequential scan of its table
// (50 ms per lookup at 200,000 rows here). For each unique index a service declares, this adds a
// GIN index (`jsonb_path_ops`) on its first field, which `@>` does use (0.04 ms for the same
// lookup). `_id` needs none: the project's FerretDB patch sends it as `=` (scripts/patches/). Only
// unique keys: a non-unique first field (a sort key, a date) is seldom an equality, and each GIN
// index costs every insert.
//
// Idempotent and cheap (one catalog read per database, `CREATE INDEX IF NOT EXISTS`):
// scripts/start runs it once every service answers (they declare their indexes before they
// listen), and every minute after, for collections created later. Never needed on MongoDB.
//
//   node scripts/ferretdb-indexes.mjs [--quiet]      FERRETDB_POSTGRESQL_URL names the database
import pg from 'pg';

const url = process.env.FERRETDB_POSTGRESQL_URL ?? 'postgres://postgres@127.0.0.1:5432/sidecart_ferretdb';
const quiet = process.argv.includes('--quiet');
const METADATA = '_ferretdb_database_metadata';

/**
 * The first field of one of FerretDB's own unique btree indexes, read from its definition, e.g.
 * `CREATE INDEX … USING btree (((_jsonb -> 'categories'::text)), ((_jsonb -> 'createdAt'::text)) DESC, …)`
 * (the key order is kept there; FerretDB's metadata keeps its keys as a jsonb object, unordered).
 * A dotted path (`(_jsonb -> 'price'::text) -> 'amount'::text`) does not match: FerretDB never
 * pushes one down.
 */
const firstField = (indexdef) =>
  /^CREATE UNIQUE INDEX .* USING btree \(+_jsonb -> '([^']+)'::text\)\)/.exec(indexdef)?.[1] ?? null;

/** Top-level fields only: FerretDB never pushes down a dotted path. */
const pushable = (field) => typeof field === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(field);

/** A PostgreSQL identifier of at most 63 bytes, stable for a table and field. */
function indexName(table, field) {
  const name = `${table}_${field}_eq`;
  if (name.length <= 63) return name;
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `${name.slice(0, 54)}_${h.toString(36)}`;
}

const quote = (id) => `"${id.replaceAll('"', '""')}"`;

const client = new pg.Client({ connectionString: url, application_name: 'sidecart-ferretdb-indexes' });
await client.connect();
let created = 0;
try {
  const { rows: schemas } = await client.query(
    'SELECT table_schema FROM information_schema.tables WHERE table_name = $1',
    [METADATA],
  );
  for (const { table_schema: schema } of schemas) {
    const { rows } = await client.query(
      'SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1',
      [schema],
    );
    const existing = new Set(rows.map((r) => r.indexname));
    for (const { tablename: table, indexdef } of rows) {
      const field = firstField(indexdef);
      if (!pushable(field) || field === '_id' || table.startsWith('_ferretdb_')) continue;
      const name = indexName(table, field);
      if (existing.has(name)) continue;
      existing.add(name);
      await client.query(
        `CREATE INDEX IF NOT EXISTS ${quote(name)} ON ${quote(schema)}.${quote(table)} USING gin ((_jsonb -> '${field}') jsonb_path_ops)`,
      );
      created++;
      if (!quiet) console.log(`    ${schema}.${table}: GIN index on ${field}`);
    }
  }
} finally {
  await client.end();
}
if (!quiet || created > 0) console.log(`    FerretDB equality indexes: ${created} created`);
