import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { newEnvelope, Topics, type Topic } from '@sidecart/contracts';
import { contractSchemaFiles, SCHEMAS_COMMAND, SCHEMAS_DIR } from '../src/contract-schemas';

const ROOT = path.join(__dirname, '..', '..');
const DIR = path.join(ROOT, SCHEMAS_DIR);
const files = contractSchemaFiles();
const TOPICS = Object.keys(Topics) as Topic[];

/** A validator as strict as ajv gets, knowing OpenAPI's integer formats (they are annotations). */
function validator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  return ajv;
}

const schemaOf = (file: string) => JSON.parse(files.get(file)!) as Record<string, unknown>;

describe(`${SCHEMAS_DIR}/, the contracts other languages vendor`, () => {
  it.each([...files.keys()])(`%s is up to date (${SCHEMAS_COMMAND})`, (file) => {
    const committed = path.join(DIR, file);
    const stale = `${SCHEMAS_DIR}/${file} is ${existsSync(committed) ? 'stale' : 'missing'}: run \`${SCHEMAS_COMMAND}\` and commit it`;
    const content = existsSync(committed) ? readFileSync(committed, 'utf8') : '';
    if (content !== files.get(file)) throw new Error(stale);
  });

  it('holds no file that is no longer generated', () => {
    const present = readdirSync(DIR, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.split(path.sep).join('/'));
    const extra = present.filter((f) => !files.has(f));
    if (extra.length)
      throw new Error(
        `${extra.map((f) => `${SCHEMAS_DIR}/${f}`).join(', ')}: no longer generated; run \`${SCHEMAS_COMMAND}\``,
      );
  });

  it('has a schema per topic and one per body of the API, each a valid, self-contained 2020-12 schema', () => {
    const ajv = validator();
    for (const topic of TOPICS) expect(files.has(`events/${topic}.schema.json`)).toBe(true);
    for (const name of ['RegisterCustomer', 'PlaceOrder', 'Product', 'Problem', 'OrderSummary'])
      expect(files.has(`api/${name}.schema.json`)).toBe(true);
    for (const file of files.keys()) {
      if (file === 'asyncapi.json') continue;
      const schema = schemaOf(file);
      expect([file, schema.$schema]).toEqual([file, 'https://json-schema.org/draft/2020-12/schema']);
      // Compiling resolves every $ref: one that left the file would fail here.
      expect(() => ajv.compile(schema)).not.toThrow();
      const refs = [...files.get(file)!.matchAll(/"\$ref": "([^"]*)"/g)].map((m) => m[1]!);
      expect(refs.filter((r) => !r.startsWith('#/$defs/'))).toEqual([]);
    }
  });

  it('accepts the events the contracts accept, and refuses a broken one', () => {
    const ajv = validator();
    const confirmed = ajv.compile(schemaOf('events/order.confirmed.schema.json'));
    const event = {
      ...newEnvelope(),
      orderId: '0190a8d2-7b7c-7cc3-8b5e-3f1c2d4e5f61',
      customerId: '6b065900492b27f54e76c9d7',
      lines: [
        {
          productId: '6b065900492b27f54e76c9d8',
          sku: 'MUG-1',
          quantity: 2,
          unitPrice: { amount: 2100, currency: 'EUR' },
        },
      ],
      total: { amount: 4200, currency: 'EUR' },
    };
    expect(Topics['order.confirmed'].safeParse(event).success).toBe(true);
    expect(confirmed(event)).toBe(true);
    // A field added by a newer producer passes, as zod strips it.
    expect(confirmed({ ...event, channel: 'web' })).toBe(true);
    for (const broken of [
      { ...event, eventId: undefined },
      { ...event, eventId: 'not-a-uuid' },
      { ...event, total: { amount: 42.5, currency: 'EUR' } },
      { ...event, total: { amount: 4200, currency: 'XXX' } },
      { ...event, occurredAt: 'yesterday' },
      { ...event, lines: [] },
    ]) {
      expect(Topics['order.confirmed'].safeParse(broken).success).toBe(false);
      expect(confirmed(broken)).toBe(false);
    }
  });

  it('carries the API bodies’ shared schemas inside each file', () => {
    const ajv = validator();
    const place = schemaOf('api/PlaceOrder.schema.json');
    expect(ajv.compile(place)).toBeDefined();
    const summary = schemaOf('api/OrderSummary.schema.json') as { $defs?: Record<string, unknown> };
    expect(Object.keys(summary.$defs ?? {})).toEqual(expect.arrayContaining(['Money']));
  });
});
