/**
 * The published contract means what the zod schemas mean: every string of the OpenAPI document
 * that carries a pattern or a format is checked against its zod schema on the same sample values,
 * the document's side with a JSON Schema 2020-12 validator (ajv, as a client would validate).
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { z } from 'zod';
import { buildOpenApiDocument, openApiPath } from '../src/openapi';
import { ROUTES } from '../src/routes/table';

type Json = { [key: string]: unknown };
type Def = { type: string } & Record<string, unknown>;

const document = buildOpenApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: false });
addFormats(ajv);

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Follows a `#/components/schemas/...` reference, if it is one. */
function deref(schema: unknown): Json {
  const node = (schema ?? {}) as Json;
  if (typeof node.$ref !== 'string') return node;
  return deref(document.components.schemas[node.$ref.replace('#/components/schemas/', '')]);
}

/** The schema with every reference replaced by its target, so it compiles on its own. */
function inlined(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(inlined);
  if (!schema || typeof schema !== 'object') return schema;
  const node = deref(schema);
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inlined(value)]));
}

const constrained = (json: Json): boolean =>
  typeof json.pattern === 'string' ||
  typeof json.format === 'string' ||
  ((json.allOf ?? json.anyOf ?? json.oneOf) as unknown[] | undefined)?.some((s) => constrained(deref(s))) ===
    true;

type Leaf = { where: string; json: Json; zod: z.ZodType };

/** Walks a zod schema and its JSON Schema side by side, yielding every constrained string. */
function* leaves(json: unknown, zod: z.ZodType, io: 'input' | 'output', where: string): Generator<Leaf> {
  const node = deref(json);
  const def = defOf(zod);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return yield* leaves(node, def.innerType as z.ZodType, io, where);
    case 'nullable': {
      const options = (node.anyOf as unknown[] | undefined)?.map(deref);
      return yield* leaves(
        options?.find((o) => o.type !== 'null') ?? node,
        def.innerType as z.ZodType,
        io,
        where,
      );
    }
    case 'pipe': {
      const out = def.out as z.ZodType;
      const side = io === 'input' || defOf(out).type === 'transform' ? (def.in as z.ZodType) : out;
      return yield* leaves(node, side, io, where);
    }
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const property = (node.properties as Json | undefined)?.[key];
        if (property) yield* leaves(property, value, io, `${where}.${key}`);
      }
      return;
    case 'array':
      return yield* leaves(node.items, def.element as z.ZodType, io, `${where}[]`);
    case 'record':
      if (node.propertyNames)
        yield* leaves(node.propertyNames, def.keyType as z.ZodType, io, `${where}{key}`);
      return yield* leaves(node.additionalProperties, def.valueType as z.ZodType, io, `${where}{}`);
    case 'union': {
      if (constrained(node)) yield { where, json: node, zod };
      const options = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
      const zods = def.options as z.ZodType[];
      for (const [i, option] of (options ?? []).entries()) {
        if (zods[i]) yield* leaves(option, zods[i], io, `${where}|${i}`);
      }
      return;
    }
    case 'string':
      if (constrained(node)) yield { where, json: node, zod };
      return;
    default:
      return;
  }
}

/** Every constrained string the document carries, with the zod schema it was generated from. */
function allLeaves(): Leaf[] {
  const found: Leaf[] = [];
  for (const route of ROUTES) {
    const { doc } = route;
    const op = document.paths[openApiPath(route.path)]![route.method.toLowerCase() as 'get']!;
    const key = `${route.method} ${route.path}`;
    for (const parameter of op.parameters ?? []) {
      const from = { path: route.params, query: doc.query, header: doc.headers }[parameter.in];
      const zod = from?.shape[parameter.name] as z.ZodType | undefined;
      if (!zod) throw new Error(`${key}: no zod schema for the ${parameter.in} parameter ${parameter.name}`);
      found.push(...leaves(parameter.schema, zod, 'input', `${key} ${parameter.in} ${parameter.name}`));
    }
    if (doc.body) {
      const schema = op.requestBody!.content['application/json']!.schema;
      found.push(...leaves(schema, doc.body, 'input', `${key} body`));
    }
    for (const answer of doc.answers) {
      const schema = op.responses[String(answer.status)]?.content?.['application/json']?.schema;
      if (answer.body && schema)
        found.push(...leaves(schema, answer.body, 'output', `${key} ${answer.status}`));
    }
  }
  return found;
}

/**
 * Values a client might send. Each constrained string must accept at least one and refuse at
 * least one of them: a pattern that nothing here matches needs a sample added.
 */
const SAMPLES = [
  '',
  ' ',
  'a',
  'abc',
  'ABC',
  'abcdefghij',
  'abcdefghij1',
  'ABCDEFGHIJ1',
  '1234567890',
  'correct-horse-42',
  'Zz9'.repeat(43),
  'DE',
  'de',
  'DEU',
  'blue-mug',
  'blue--mug',
  '-blue',
  'Blue-Mug',
  'blue_mug',
  'kitchen',
  'MUG-001',
  'CN-2026-000001',
  '-MUG',
  'github',
  'g',
  'GitHub',
  '507f1f77bcf86cd799439011',
  '507F1F77BCF86CD799439011',
  '507f1f77bcf86cd79943901',
  '0190d3f2-1c2b-7cde-8f00-0123456789ab',
  '0190D3F2-1C2B-7CDE-8F00-0123456789AB',
  '0190d3f2-1c2b-0cde-8f00-0123456789ab',
  'urn:uuid:0190d3f2-1c2b-7cde-8f00-0123456789ab',
  '0190d3f21c2b7cde8f000123456789ab',
  'ada@example.com',
  'Ada.Lovelace+shop@Example.CO.UK',
  'ada@example',
  'ada.@example.com',
  'a..b@example.com',
  'ada@-example.com',
  'https://img.example/mug.png',
  '/api/v1/images/0123456789abcdef-960.webp',
  '/api/v1/images/0123456789abcdef.svg',
  '/api/v1/images/0123456789ABCDEF.svg',
  '0123456789abcdef-640.webp',
  '0123456789abcdef.svg',
  '0123456789abcdef.png',
  'http://localhost:3000/x?y=1',
  'ftp://files.example/mug.png',
  'not a url',
  '//img.example/mug.png',
  '+49 30 1234567',
  '(030) 123-4567',
  '12',
  'ümlaut',
  '日本語',
  '😀😀😀😀😀',
  '..',
  '../x',
  'a/b',
  '2026-12-01T08:30:00Z',
  '2026-12-01',
  '2026-13-01',
  'q3Xr0_-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
  'q3Xr0_-AbCdEfGhIjKlMnOpQrStUvWxYz012345678=',
];

/** Each sample's verdict from zod and from the document's schema. */
function verdicts(json: Json, zod: z.ZodType) {
  const validate = ajv.compile(inlined(json) as Json);
  return SAMPLES.map((value) => ({ value, zod: zod.safeParse(value).success, document: validate(value) }));
}

describe('the OpenAPI document means what the zod schemas mean', () => {
  const found = allLeaves();

  it('finds the constrained strings of requests and answers', () => {
    const where = found.map((l) => l.where);
    expect(where).toEqual(
      expect.arrayContaining([
        'POST /customers body.password',
        'POST /customers body.email',
        'POST /products body.sku',
        'GET /products query category',
        'POST /orders header Idempotency-Key',
        'GET /products/:id path id',
        'PATCH /me/addresses/:addressId path addressId',
      ]),
    );
  });

  it.each(found.map((leaf) => [leaf.where, leaf] as const))('%s', (_where, leaf) => {
    const seen = verdicts(leaf.json, leaf.zod);
    expect(seen.filter((v) => v.zod !== v.document)).toEqual([]);
    expect(seen.some((v) => v.zod)).toBe(true);
    expect(seen.some((v) => !v.zod)).toBe(true);
  });

  it('tells a pattern that nothing matches from the rules it stands for (the check really checks)', () => {
    const password = found.find((l) => l.where === 'POST /customers body.password')!;
    // Both rules as lookaheads without `.*`: they would have to match at the same character.
    const { allOf: _rules, ...rest } = password.json;
    const lookaheads = { ...rest, pattern: '(?=[a-zA-Z])(?=[0-9])' };
    const wrong = verdicts(lookaheads, password.zod).filter((v) => v.zod !== v.document);
    expect(wrong.map((v) => v.value)).toEqual(expect.arrayContaining(['abcdefghij1', 'correct-horse-42']));
  });
});
