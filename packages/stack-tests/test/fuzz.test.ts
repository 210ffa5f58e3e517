/**
 * An OpenAPI-driven fuzz pass over the public gateway. For every operation of the document the
 * gateway serves (GET /api/docs/openapi.json): one valid control request that must succeed, then
 * malformed requests generated from the operation's schemas (wrong types, missing and extra
 * fields, 10 KB strings, unicode, dot segments and encoded slashes in ids, negative and huge
 * numbers, bad cursors, unknown query parameters, bodies where none is taken). Every malformed
 * request must be refused with a 4xx problem+json (a field refused by name), never a 5xx, and
 * none may write: every store's checksum is the same before and after them.
 *
 * Only requests the document itself refuses count as malformed: the generator checks each one
 * against the document with a JSON Schema validator first (cursors excepted, which are opaque
 * strings to the document and must still be refused).
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv2020 from 'ajv/dist/2020';
import pg from 'pg';
import addFormats from 'ajv-formats';
import { mulberry32 } from '../../../services/product/src/domain/seed';
import { send, type RawAnswer } from '../src/api';
import { checksums } from '../src/isolation';
import { mailsTo, readMail } from '../src/mail';
import { testPicture } from '../src/pictures';
import { PAYPAL, paypalToken } from '../src/paypal';
import {
  address,
  approveOnPayPal,
  confirmedOrder,
  createProduct,
  newAdmin,
  newShopper,
  untilStatus,
  withApproveUrl,
  type Who,
} from '../src/shop';
import { eventually, localSecrets, sleep } from '../src/stack';
import { tokenFor } from '../src/tokens';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const random = mulberry32(SEED);
/** At most this many malformed requests per operation (a signed-in user's write budget is 120 a minute). */
const MAX_PER_OPERATION = 90;
const MIN_PER_OPERATION = 20;

// The document and the bodies are JSON of any shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Json };
type Operation = {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  body?: { schema: Json; required: boolean };
  role: 'anonymous' | 'customer' | 'admin';
};

/** A request as the fuzz sends it: the control's parts, each of which a mutation may change. */
type Request = {
  path: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  /** The body's text as sent, with its content type; undefined sends none. */
  body?: string;
  contentType?: string;
};
type Malformed = { label: string; request: Request; field?: string };

let document: Json;
const ajv = new Ajv2020({ strict: false, allErrors: false });
addFormats(ajv);

/** The schema with every `#/components/schemas/...` reference replaced by its target. */
function inlined(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(inlined);
  if (!schema || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string')
    return inlined(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inlined(v)]));
}

const validators = new Map<Json, (value: unknown) => boolean>();
function documentAccepts(schema: Json, value: unknown): boolean {
  if (!validators.has(schema)) {
    const validate = ajv.compile(schema);
    validators.set(schema, (v) => validate(v) as boolean);
  }
  return validators.get(schema)!(value);
}

function operationsOf(doc: Json): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const body = op.requestBody?.content?.['application/json'];
      ops.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        parameters: (op.parameters ?? []).map((p: Parameter) => ({ ...p, schema: inlined(p.schema) })),
        ...(body ? { body: { schema: inlined(body.schema), required: op.requestBody.required } } : {}),
        role: (op.security ?? []).some((s: Json) => 'adminBearerAuth' in s)
          ? 'admin'
          : (op.security ?? []).some((s: Json) => Object.keys(s).length === 0)
            ? 'anonymous'
            : 'customer',
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------
// Generating malformed requests

const TEN_KB = 'x'.repeat(10 * 1024);
const UNICODE = '\u0000ü😀\u202e\uFEFFא';
const b64url = (text: string) => Buffer.from(text).toString('base64url');

/** A query value as a client's validator reads it: numbers for numeric schemas. */
const asQueryValue = (schema: Json, value: string | string[]): unknown => {
  if (Array.isArray(value)) return value;
  const numeric = schema.type === 'integer' || schema.type === 'number';
  return numeric && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value) ? Number(value) : value;
};

const decoded = (value: string): string | undefined => {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
};

const PATH_JUNK = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F%2E%2E',
  'a%2Fb',
  '%2F',
  '%5C..%5Cx',
  '%00',
  '-1',
  '99999999999999999999999999999',
  encodeURIComponent(UNICODE),
  encodeURIComponent(TEN_KB.slice(0, 8000)),
  '%20',
  'null',
  '%7B%7D',
  '507f1f77bcf86cd799439011',
  '0190d3f2-1c2b-7cde-8f00-0123456789ab',
  'Blue_Mug',
];

const QUERY_JUNK: (string | string[])[] = [
  'abc',
  '-1',
  '0',
  '1.5',
  '1e309',
  '99999999999999999999',
  TEN_KB,
  UNICODE,
  'true',
  'null',
  ['1', '2'],
  'NOT_A_VALUE',
];

const BAD_CURSORS = [
  'not-a-cursor!',
  b64url('{"createdAt":"x","id":"y"}'),
  b64url('{"createdAt":"2026-01-01T00:00:00.000Z","id":"0190d3f2-1c2b-7cde-8f00-0123456789ab","x":{}}'),
  b64url('[]'),
  b64url('null'),
  b64url('{"id":{"$gt":""}}'),
  b64url('{"score":"NaN","id":1}'),
  'x'.repeat(513),
];

const UNKNOWN_QUERY: [string, string][] = [
  ['unknown', '1'],
  ['__proto__', 'x'],
  ['constructor', 'x'],
  ['a[b]', '1'],
  [TEN_KB.slice(0, 2000), '1'],
  ['ü', UNICODE],
  ['..', '..'],
  ['../', '1'],
  ['x', TEN_KB],
  ['cursor', b64url('{"createdAt":"x","id":"y"}')],
  ['limit', '-1'],
  ['sort', '1e309'],
];

const HEADER_JUNK = [
  'not-a-uuid',
  TEN_KB,
  '',
  ' ',
  '\u00fc\u00e9',
  '0190d3f2-1c2b-7cde-8f00-0123456789ab'.toUpperCase() + 'x',
];

/** Values of the wrong type, by the type the schema wants. */
const WRONG_TYPES: Record<string, unknown[]> = {
  string: [12345, true, {}, [], null],
  integer: ['12', true, {}, [], null, 1.5],
  number: ['12', true, {}, [], null],
  boolean: ['yes', 1, {}, null],
  object: ['x', [], 1, null],
  array: [{}, 'x', 1, null],
};

const typeOf = (schema: Json): string | undefined =>
  typeof schema.type === 'string'
    ? schema.type
    : schema.anyOf?.every((s: Json) => s.type === 'string')
      ? 'string'
      : schema.enum
        ? typeof schema.enum[0]
        : undefined;

const clone = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

function setAt(root: Json, path: (string | number)[], value: unknown): Json {
  const copy = clone(root);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** Field-level mutations of a body: each path with the values it must refuse. */
function bodyMutations(
  schema: Json,
  value: Json,
  at: (string | number)[] = [],
): { path: (string | number)[]; value: unknown; label: string }[] {
  const out: { path: (string | number)[]; value: unknown; label: string }[] = [];
  if (at.length > 4) return out;
  const type = typeOf(schema);
  if (at.length > 0) {
    for (const wrong of WRONG_TYPES[type ?? ''] ?? [])
      out.push({ path: at, value: wrong, label: `wrong type ${JSON.stringify(wrong)}` });
    if (type === 'string') {
      out.push({ path: at, value: TEN_KB, label: '10 KB string' });
      out.push({ path: at, value: UNICODE, label: 'unicode' });
      out.push({ path: at, value: '', label: 'empty string' });
      out.push({ path: at, value: '../..%2F', label: 'dot segments' });
      if (schema.enum) out.push({ path: at, value: 'NOT_A_VALUE', label: 'not in the enum' });
    }
    if (type === 'integer' || type === 'number') {
      for (const n of [-1, -2147483649, 2 ** 53 + 2, 1e308, 0])
        out.push({ path: at, value: n, label: `number ${n}` });
    }
  }
  if (type === 'object' && value && typeof value === 'object') {
    for (const key of schema.required ?? [])
      out.push({ path: [...at, key], value: undefined, label: 'missing' });
    if (schema.additionalProperties === false)
      out.push({ path: [...at, 'unexpectedField'], value: 1, label: 'extra field' });
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (key in value) out.push(...bodyMutations(sub, value[key], [...at, key]));
    }
  }
  if (type === 'array' && Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > 0)
      out.push({ path: at, value: Array(schema.maxItems + 1).fill(value[0]), label: 'too many items' });
    if (schema.minItems) out.push({ path: at, value: [], label: 'no items' });
    if (value.length > 0) out.push(...bodyMutations(schema.items, value[0], [...at, 0]));
  }
  return out;
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function malformed(op: Operation, control: Request): Malformed[] {
  const found: Malformed[] = [];
  const params = (where: Parameter['in']) => op.parameters.filter((p) => p.in === where);

  for (const p of params('path')) {
    for (const junk of PATH_JUNK) {
      const value = decoded(junk);
      if (value !== undefined && documentAccepts(p.schema, value)) continue;
      found.push({
        label: `path ${p.name}=${junk.slice(0, 40)}`,
        request: { ...control, path: { ...control.path, [p.name]: junk } },
        field: p.name,
      });
    }
  }

  const declared = params('query');
  for (const p of declared) {
    const junk = p.name === 'cursor' ? BAD_CURSORS : QUERY_JUNK;
    for (const value of junk) {
      if (p.name !== 'cursor' && documentAccepts(p.schema, asQueryValue(p.schema, value))) continue;
      const rest = control.query.filter(([k]) => k !== p.name);
      const sent: [string, string][] = Array.isArray(value)
        ? value.map((v) => [p.name, v])
        : [[p.name, value]];
      found.push({
        label: `query ${p.name}=${String(value).slice(0, 40)}`,
        request: { ...control, query: [...rest, ...sent] },
        field: p.name,
      });
    }
  }
  for (const [key, value] of UNKNOWN_QUERY) {
    if (declared.some((p) => p.name === key)) continue;
    found.push({
      label: `unknown query ${key.slice(0, 20)}`,
      request: { ...control, query: [...control.query, [key, value]] },
      field: key === '__proto__' ? undefined : key,
    });
  }

  for (const p of params('header')) {
    if (p.required) {
      const headers = { ...control.headers };
      delete headers[p.name.toLowerCase()];
      found.push({ label: `header ${p.name} missing`, request: { ...control, headers }, field: p.name });
    }
    for (const value of HEADER_JUNK) {
      if (documentAccepts(p.schema, value)) continue;
      found.push({
        label: `header ${p.name}=${value.slice(0, 20)}`,
        request: { ...control, headers: { ...control.headers, [p.name.toLowerCase()]: value } },
        field: p.name,
      });
    }
  }

  // Whole bodies: not JSON, not an object, or where the route takes none.
  const json = (text: string, label: string) =>
    found.push({ label, request: { ...control, body: text, contentType: 'application/json' } });
  json('{"a":', 'body is not JSON');
  json('[]', 'body is an array');
  json('"text"', 'body is a string');
  json('42', 'body is a number');
  json(JSON.stringify(TEN_KB), 'body is a 10 KB string');
  json(`${'['.repeat(200)}${']'.repeat(200)}`, 'body is deeply nested');
  found.push({
    label: 'body as text/plain',
    request: { ...control, body: control.body ?? '{"a":1}', contentType: 'text/plain' },
  });
  if (!op.body) {
    json('{"unexpectedField":1}', 'a body where none is taken');
    json('{"__proto__":{"role":"admin"}}', 'a prototype in a body where none is taken');
    json('{"role":"admin","userId":"someone-else"}', 'an identity in a body where none is taken');
  } else {
    if (op.body.required)
      found.push({ label: 'no body', request: { ...control, body: undefined, contentType: undefined } });
    const base = JSON.parse(control.body ?? '{}');
    for (const m of bodyMutations(op.body.schema, base)) {
      const mutated = setAt(base, m.path, m.value);
      if (documentAccepts(op.body.schema, mutated)) continue;
      found.push({
        label: `body ${m.path.join('.')}: ${m.label}`,
        request: { ...control, body: JSON.stringify(mutated), contentType: 'application/json' },
        field: m.path.join('.'),
      });
    }
  }
  // Keep every kind, at most MAX_PER_OPERATION in all (a seeded choice).
  return shuffled(found).slice(0, MAX_PER_OPERATION);
}

// ---------------------------------------------------------------------------------------------
// Sending

let clients = 0;
/** Every request comes from an address of its own (the gateway trusts X-Forwarded-For from loopback). */
const nextClient = () => {
  clients += 1;
  return `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
};

function urlOf(op: Operation, request: Request): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => request.path[name] ?? '');
  const query = request.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return query ? `${path}?${query}` : path;
}

async function call(op: Operation, request: Request, who: Who | null): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'x-forwarded-for': nextClient(), ...request.headers };
  if (who) headers.authorization = `Bearer ${await tokenFor(who)}`;
  if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
  return send(op.method, urlOf(op, request), { headers, body: request.body });
}

const statuses = new Map<number, number>();
let sent = 0;
const count = (answer: RawAnswer) => {
  sent += 1;
  statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  return answer;
};

// ---------------------------------------------------------------------------------------------
// Controls: one valid request per operation, each from its own caller

type Control = { who: Who | null; request: Request; expect: number };
const PASSWORD = 'correct-horse-42';
const req = (parts: Partial<Request> & { json?: unknown } = {}): Request => ({
  path: parts.path ?? {},
  query: parts.query ?? [],
  headers: parts.headers ?? {},
  ...(parts.json !== undefined ? { body: JSON.stringify(parts.json), contentType: 'application/json' } : {}),
});

async function anonymously(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const answer = await send(method, path, {
    headers: { 'x-forwarded-for': nextClient(), 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return count(answer);
}
async function as(
  who: Who,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return anonymously(method, path, body, { authorization: `Bearer ${await tokenFor(who)}`, ...headers });
}

async function signUp(): Promise<{ who: Who; email: string }> {
  const email = `fuzz-${randomUUID()}@example.com`;
  const res = await anonymously('POST', '/customers', { email, password: PASSWORD, name: 'Fuzz' });
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { who: { userId: res.body.id, role: 'customer' }, email };
}

async function withAddress(who: Who): Promise<string> {
  const res = await as(who, 'POST', '/me/addresses', { ...address, label: 'Home' });
  if (res.status !== 201) throw new Error(`adding an address answered ${res.status}`);
  return res.body.id;
}

/** The token of the newest mail to `email` whose subject matches (a reset or verification link). */
async function mailedToken(email: string, subject: RegExp): Promise<string> {
  const summary = await eventually(async () => (await mailsTo(email)).find((m) => subject.test(m.Subject)), {
    within: 20_000,
    what: `a mail "${subject.source}" to ${email}`,
  });
  const href = /href="([^"]+)"/.exec((await readMail(summary.ID)).HTML)?.[1] ?? '';
  const token = new URL(href.replace(/&amp;/g, '&')).searchParams.get('token');
  if (!token) throw new Error(`no token in the mail "${summary.Subject}" to ${email}`);
  return token;
}

/** A signed delivery the PayPal double makes of an event the shop does not act on. */
async function signedDelivery(): Promise<{ headers: Record<string, string>; body: string }> {
  const secrets = localSecrets();
  return new Promise((resolve, reject) => {
    const receiver = http.createServer((incoming, res) => {
      let body = '';
      incoming.on('data', (chunk) => (body += chunk));
      incoming.on('end', () => {
        res.end();
        receiver.close();
        const headers = Object.fromEntries(
          Object.entries(incoming.headers).filter(([name]) => name.startsWith('paypal-')),
        ) as Record<string, string>;
        resolve({ headers, body });
      });
    });
    receiver.listen(0, '127.0.0.1', async () => {
      const port = (receiver.address() as AddressInfo).port;
      const res = await fetch(`${PAYPAL}/v1/notifications/simulate-event`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await paypalToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          url: `http://127.0.0.1:${port}/`,
          event_type: 'CUSTOMER.DISPUTE.CREATED',
          webhook_id: secrets.PAYPAL_WEBHOOK_ID,
          resource: { id: `PP-D-${randomUUID().slice(0, 8)}` },
        }),
      }).catch(reject);
      if (res && !res.ok) reject(new Error(`simulate-event answered ${res.status}`));
    });
  });
}

/** The controls, in an order that respects what each needs (an order is captured before it ships). */
async function controls(): Promise<Map<string, Control & { malformedWho: () => Who | null }>> {
  const plan = new Map<string, Control & { malformedWho: () => Who | null }>();
  const anon = (request: Request, expect: number) => ({
    who: null,
    request,
    expect,
    malformedWho: () => null,
  });
  const admin = (request: Request, expect: number) => ({
    who: newAdmin(),
    request,
    expect,
    malformedWho: newAdmin,
  });
  /** A registered account of its own for each /me operation, which its malformed requests use too. */
  const mine = async (build: (who: Who) => Promise<Request> | Request, expect: number) => {
    const { who } = await signUp();
    return { who, request: await build(who), expect, malformedWho: () => who };
  };

  const product = await createProduct(50, 1999, newAdmin());
  const second = await createProduct(50, 1250, newAdmin());
  const archivable = await createProduct(1, 999, newAdmin());
  const verified = await signUp();

  plan.set(
    'registerCustomer',
    anon(req({ json: { email: `fuzz-${randomUUID()}@example.com`, password: PASSWORD, name: 'Fuzz' } }), 201),
  );
  plan.set('verifyCredentials', anon(req({ json: { email: verified.email, password: PASSWORD } }), 200));
  plan.set(
    'signInExternal',
    admin(
      req({
        json: {
          provider: 'github',
          providerAccountId: randomUUID(),
          email: `fuzz-${randomUUID()}@example.com`,
          name: 'Fuzz',
        },
      }),
      200,
    ),
  );
  plan.set('getMyProfile', await mine(() => req(), 200));

  // Account links: a reset asked for, another account's mailed reset token checked and then used,
  // and the verification token a sign-up mailed.
  const resetter = await signUp();
  const asked = await anonymously('POST', '/customers/password-reset', { email: resetter.email });
  if (asked.status !== 202) throw new Error(`asking for a reset answered ${asked.status}`);
  const resetToken = await mailedToken(resetter.email, /reset your sidecart password/i);
  plan.set('requestPasswordReset', anon(req({ json: { email: verified.email } }), 202));
  plan.set('checkPasswordResetLink', anon(req({ json: { token: resetToken } }), 200));
  plan.set('resetPassword', anon(req({ json: { token: resetToken, newPassword: `${PASSWORD}-new` } }), 200));
  const verifying = await signUp();
  const verifyToken = await mailedToken(verifying.email, /confirm your email/i);
  plan.set('verifyEmail', anon(req({ json: { token: verifyToken } }), 204));
  plan.set('resendEmailVerification', await mine(() => req(), 202));
  plan.set('lookUpCustomers', admin(req({ query: [['q', verified.email]] }), 200));
  plan.set(
    'updateMyProfile',
    await mine(() => req({ json: { name: 'Fuzz Renamed', preferences: { language: 'de' } } }), 200),
  );
  plan.set('deleteMyAccount', await mine(() => req(), 204));
  plan.set('addMyAddress', await mine(() => req({ json: { ...address, phone: '+44 20 7946 0000' } }), 201));
  plan.set(
    'updateMyAddress',
    await mine(
      async (who) =>
        req({ path: { addressId: await withAddress(who) }, json: { city: 'Paris', country: 'FR' } }),
      200,
    ),
  );
  plan.set(
    'deleteMyAddress',
    await mine(async (who) => req({ path: { addressId: await withAddress(who) } }), 204),
  );
  plan.set(
    'changeMyPassword',
    await mine(() => req({ json: { currentPassword: PASSWORD, newPassword: 'another-horse-43' } }), 204),
  );
  plan.set('endMySessions', await mine(() => req(), 204));
  plan.set('exportMyData', await mine(() => req(), 200));
  plan.set('listMyOrderHistory', await mine(() => req({ query: [['limit', '5']] }), 200));

  plan.set(
    'listProducts',
    anon(
      req({
        query: [
          ['limit', '5'],
          ['category', 'kitchen'],
          ['minPrice', '0'],
          ['maxPrice', '100000'],
          ['sort', 'price_asc'],
          ['q', 'mug'],
          ['inStock', 'true'],
        ],
      }),
      200,
    ),
  );
  plan.set('getProduct', anon(req({ path: { id: product.id } }), 200));
  plan.set('getRecommendations', anon(req({ path: { id: product.id } }), 200));
  plan.set('listCategories', anon(req(), 200));
  const sku = `FUZZ-${randomUUID().slice(0, 8).toUpperCase()}`;
  plan.set(
    'createProduct',
    admin(
      req({
        json: {
          sku,
          name: `Fuzz mug ${sku}`,
          description: 'Made by the fuzz pass',
          images: ['https://img.example/mug.png'],
          categories: ['kitchen'],
          attributes: { colour: 'blue' },
          price: { amount: 1299, currency: 'EUR' },
          onHand: 3,
        },
      }),
      201,
    ),
  );
  plan.set(
    'updateProduct',
    admin(
      req({
        path: { id: product.id },
        json: { name: 'Fuzz mug, renamed', price: { amount: 2099, currency: 'EUR' } },
      }),
      200,
    ),
  );
  plan.set('archiveProduct', admin(req({ path: { id: archivable.id } }), 200));
  plan.set('getProductAudit', admin(req({ path: { id: product.id }, query: [['limit', '5']] }), 200));
  const range: [string, string][] = [
    ['from', '2026-01-01'],
    ['to', '2026-02-01T00:00:00Z'],
  ];
  plan.set('exportOrders', admin(req({ query: range }), 200));
  plan.set('getAdminDashboard', admin(req(), 200));
  plan.set('exportProducts', admin(req({ query: range }), 200));
  plan.set(
    'adjustStock',
    admin(req({ path: { id: product.id }, json: { delta: 5, reason: 'RESTOCK', note: 'fuzz' } }), 200),
  );
  const photo = await testPicture('png', 64, 48);
  plan.set(
    'putProductPicture',
    admin(
      req({ path: { id: product.id }, json: { contentType: 'image/png', data: photo.toString('base64') } }),
      200,
    ),
  );
  // A demo product's picture (no test makes books: the list is the demo's).
  const listed = await send('GET', '/products?category=books&limit=1');
  plan.set('getPicture', anon(req({ path: { name: listed.body.items[0].images[0].split('/').pop() } }), 200));

  const carter = newShopper();
  plan.set('getMyCart', { who: carter, request: req(), expect: 200, malformedWho: newShopper });
  const cart = await as(carter, 'GET', '/cart');
  plan.set('replaceMyCart', {
    who: carter,
    request: req({
      headers: cart.headers.etag ? { 'if-match': String(cart.headers.etag) } : {},
      json: { lines: [{ productId: product.id, quantity: 2 }] },
    }),
    expect: 200,
    malformedWho: newShopper,
  });

  // A signed-out shopper's cart: one started by the control, one read, one merged at a sign-in.
  const guestToken = async () => {
    const started = await anonymously('PUT', '/guest-cart', {
      lines: [{ productId: product.id, quantity: 1 }],
    });
    if (started.status !== 200) throw new Error(`starting a guest cart answered ${started.status}`);
    return String(started.headers['guest-cart']);
  };
  plan.set('replaceGuestCart', anon(req({ json: { lines: [{ productId: product.id, quantity: 2 }] } }), 200));
  plan.set('getGuestCart', anon(req({ headers: { 'guest-cart': await guestToken() } }), 200));
  plan.set('mergeGuestCart', {
    who: newShopper(),
    request: req({ headers: { 'guest-cart': await guestToken() } }),
    expect: 200,
    malformedWho: newShopper,
  });

  // Quotes of a cart with a line, a shopper's and a signed-out shopper's.
  const quoter = newShopper();
  const quoted = await as(quoter, 'PUT', '/cart', { lines: [{ productId: product.id, quantity: 1 }] });
  if (quoted.status !== 200) throw new Error(`filling the cart to quote answered ${quoted.status}`);
  plan.set('quoteMyCart', {
    who: quoter,
    request: req({ json: { country: 'DE', currency: 'EUR', shippingMethod: 'standard' } }),
    expect: 200,
    malformedWho: newShopper,
  });
  plan.set(
    'quoteGuestCart',
    anon(
      req({ headers: { 'guest-cart': await guestToken() }, json: { country: 'FR', currency: 'EUR' } }),
      200,
    ),
  );

  // Order A (two lines): placed, captured, shipped, delivered, one line returned by the controls.
  // Order B: cancelled.
  const buyer = newShopper();
  const filled = await as(buyer, 'PUT', '/cart', {
    lines: [
      { productId: product.id, quantity: 1 },
      { productId: second.id, quantity: 1 },
    ],
  });
  if (filled.status !== 200) throw new Error(`filling the cart answered ${filled.status}`);
  plan.set('placeOrder', {
    who: buyer,
    request: req({
      headers: { 'idempotency-key': randomUUID() },
      json: { shippingAddress: address, currency: 'EUR' },
    }),
    expect: 201,
    malformedWho: newShopper,
  });
  const canceller = newShopper();
  await as(canceller, 'PUT', '/cart', { lines: [{ productId: product.id, quantity: 1 }] });
  const orderB = await as(
    canceller,
    'POST',
    '/orders',
    { shippingAddress: address, currency: 'EUR' },
    { 'idempotency-key': randomUUID() },
  );
  if (orderB.status !== 201) throw new Error(`placing order B answered ${orderB.status}`);
  plan.set('cancelOrder', {
    who: canceller,
    request: req({ path: { id: orderB.body.id }, json: { reason: 'changed my mind' } }),
    expect: 200,
    malformedWho: newShopper,
  });
  plan.set('listMyOrders', {
    who: buyer,
    request: req({ query: [['limit', '5']] }),
    expect: 200,
    malformedWho: newShopper,
  });
  plan.set(
    'listAllOrders',
    admin(
      req({
        query: [
          ['limit', '5'],
          ['status', 'CONFIRMED'],
        ],
      }),
      200,
    ),
  );

  // An invoiced order with a credit note (a refund of part of it), for the invoice and credit-note PDFs.
  const invoiced = newShopper();
  const invoicedId = await confirmedOrder(invoiced, [{ productId: product.id, quantity: 1 }]);
  const creditNote = await eventually(
    async () => {
      const res = await as(invoiced, 'GET', `/orders/${invoicedId}`);
      if (!res.body.invoice) return undefined;
      if (res.body.creditNotes.length === 0) {
        const refunded = await as(
          newAdmin(),
          'POST',
          `/admin/orders/${invoicedId}/refunds`,
          { amount: { amount: 100, currency: 'EUR' }, reason: 'fuzz control' },
          { 'idempotency-key': randomUUID() },
        );
        if (refunded.status !== 201) throw new Error(`the control refund answered ${refunded.status}`);
        return undefined;
      }
      return res.body.creditNotes[0].number as string;
    },
    { within: 60_000, what: 'the control order’s invoice and credit note' },
  );
  const pdfOf = { path: { id: invoicedId, number: creditNote } };
  plan.set('getOrderCreditNote', {
    who: invoiced,
    request: req(pdfOf),
    expect: 200,
    malformedWho: newShopper,
  });
  plan.set('getOrderCreditNoteAsAdmin', admin(req(pdfOf), 200));
  plan.set('getOrderInvoice', {
    who: invoiced,
    request: req({ path: { id: invoicedId } }),
    expect: 200,
    malformedWho: newShopper,
  });
  plan.set('getOrderInvoiceAsAdmin', admin(req({ path: { id: invoicedId } }), 200));
  plan.set(
    'refundOrder',
    admin(
      req({
        path: { id: invoicedId },
        headers: { 'idempotency-key': randomUUID() },
        json: { amount: { amount: 100, currency: 'EUR' }, reason: 'fuzz control' },
      }),
      201,
    ),
  );

  const delivery = await signedDelivery();
  plan.set(
    'receivePayPalWebhook',
    anon(
      {
        path: {},
        query: [],
        headers: delivery.headers,
        body: delivery.body,
        contentType: 'application/json',
      },
      200,
    ),
  );
  plan.set('systemHealth', anon(req(), 200));
  return plan;
}

/**
 * Waits until no order of the profile waits for a saga step. An earlier test may leave an order
 * waiting for its PayPal approval; the approval timeout cancels it later (order, stock, payment
 * all written), which would land in the middle of the malformed batch.
 */
async function noSagaInFlight(secrets: Record<string, string>): Promise<void> {
  const orders = new pg.Pool({ connectionString: secrets.ORDER_DATABASE_URL, max: 1 });
  try {
    await eventually(
      async () => {
        const { rows } = await orders.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM orders WHERE status IN ('PENDING', 'STOCK_RESERVED', 'PAID')`,
        );
        return rows[0]!.n === 0 ? true : undefined;
      },
      { within: 180_000, what: 'every order of earlier tests to reach a final state' },
    );
  } finally {
    await orders.end();
  }
}

/** Waits until two checksums of every store, two seconds apart, are equal, and returns the last. */
async function settled(secrets: Record<string, string>): Promise<Record<string, string>> {
  let last = await checksums(secrets);
  return eventually(
    async () => {
      await sleep(2000);
      const now = await checksums(secrets);
      const same = JSON.stringify(now) === JSON.stringify(last);
      last = now;
      return same ? now : undefined;
    },
    { within: 90_000, what: 'every store to settle' },
  );
}

const digest = (sums: Record<string, string>) =>
  createHash('sha256').update(JSON.stringify(sums)).digest('hex').slice(0, 16);

describe('OpenAPI-driven fuzz pass', () => {
  it('answers every malformed request with a 4xx problem naming the field, and writes nothing', async () => {
    process.stdout.write(`\nfuzz seed ${SEED} (set FUZZ_SEED to replay another)\n`);
    const docAnswer = await send('GET', '/api/docs/openapi.json');
    expect(docAnswer.status).toBe(200);
    document = docAnswer.body;
    const operations = operationsOf(document);
    const plan = await controls();

    // The controls, each of which must succeed; the order's own steps run between them.
    const byId = new Map(operations.map((op) => [op.operationId, op]));
    const order = [...plan.keys()].filter(
      (id) =>
        ![
          'captureOrderPayment',
          'shipOrder',
          'deliverOrder',
          'getOrder',
          'getOrderPayment',
          'retryOrderPayment',
          'changeOrder',
          'changeOrderAddress',
        ].includes(id),
    );
    const answered = new Map<string, RawAnswer>();
    const run = async (id: string) => {
      const control = plan.get(id)!;
      const answer = count(await call(byId.get(id)!, control.request, control.who));
      answered.set(id, answer);
      expect([id, answer.status, answer.status === control.expect ? '' : answer.body]).toEqual([
        id,
        control.expect,
        '',
      ]);
    };
    for (const id of order) await run(id);

    const buyer = plan.get('placeOrder')!.who!;
    const orderA = answered.get('placeOrder')!.body.id as string;
    await approveOnPayPal((await withApproveUrl(buyer, orderA)).payment.approveUrl);
    const own = (id: string, request: Request, expect: number) =>
      plan.set(id, { who: buyer, request, expect, malformedWho: newShopper });
    own('getOrder', req({ path: { id: orderA } }), 200);
    own('getOrderPayment', req({ path: { id: orderA } }), 200);
    // Approved and not captured yet: a retry answers with the payment as it is.
    own('retryOrderPayment', req({ path: { id: orderA } }), 200);
    // Before the capture: one more unit (the PayPal amount follows), and a new address.
    const productId = answered.get('placeOrder')!.body.lines[0].productId as string;
    own('changeOrder', req({ path: { id: orderA }, json: { lines: [{ productId, quantity: 2 }] } }), 200);
    own(
      'changeOrderAddress',
      req({ path: { id: orderA }, json: { shippingAddress: { ...address, city: 'Lyon' } } }),
      200,
    );
    own('captureOrderPayment', req({ path: { id: orderA } }), 200);
    for (const id of [
      'getOrder',
      'getOrderPayment',
      'retryOrderPayment',
      'changeOrder',
      'changeOrderAddress',
      'captureOrderPayment',
    ])
      await run(id);
    await untilStatus(buyer, orderA, ['CONFIRMED']);
    plan.set('shipOrder', {
      who: newAdmin(),
      request: req({ path: { id: orderA }, json: { trackingNumber: 'FUZZ-TRACK-1', carrier: 'DHL' } }),
      expect: 200,
      malformedWho: newAdmin,
    });
    plan.set('deliverOrder', {
      who: newAdmin(),
      request: req({ path: { id: orderA } }),
      expect: 200,
      malformedWho: newAdmin,
    });
    await run('shipOrder');
    await run('deliverOrder');
    // Delivered: the return of one of its lines (invoices, credit notes and a refund have controls
    // of their own, on an order refunded in part).
    plan.set('returnOrderLines', {
      who: newAdmin(),
      request: req({
        path: { id: orderA },
        headers: { 'idempotency-key': randomUUID() },
        json: { lines: [{ productId }], reason: 'fuzz control' },
      }),
      expect: 201,
      malformedWho: newAdmin,
    });
    await run('returnOrderLines');
    await untilStatus(plan.get('cancelOrder')!.who!, plan.get('cancelOrder')!.request.path.id!, [
      'CANCELLED',
    ]);
    const controlCount = sent;
    expect(operations.map((op) => op.operationId).sort()).toEqual([...plan.keys()].sort());

    // Sessions ended by a control refuse tokens issued in the same second: the malformed
    // requests are signed after it.
    const secrets = localSecrets();
    await noSagaInFlight(secrets);
    const before = await settled(secrets);

    const failures: string[] = [];
    const perOperation: Record<string, number> = {};
    for (const op of operations) {
      const control = plan.get(op.operationId)!;
      const requests = malformed(op, control.request);
      perOperation[op.operationId] = requests.length;
      for (const m of requests) {
        // A caller of the right role per request, so no budget runs out (sign-ups and sign-ins
        // allow 30 a minute); /me routes keep their account.
        const answer = count(await call(op, m.request, control.malformedWho()));
        const problem = /^application\/problem\+json/.test(answer.type ?? '');
        const paths: string[] = (answer.body?.errors ?? []).map((e: { path: string }) => e.path);
        const what = `${op.method} ${op.path} [${m.label}] → ${answer.status} ${String(JSON.stringify(answer.body)).slice(0, 300)}`;
        if (answer.status < 400 || answer.status >= 500 || !problem || answer.body?.status !== answer.status)
          failures.push(what);
        else if (m.field !== undefined && answer.status === 400 && !paths.includes(m.field))
          failures.push(`${what} (names ${JSON.stringify(paths)}, not ${m.field})`);
      }
    }
    const after = await settled(secrets);

    // The product read model's change log keeps 30 s and trims itself, so earlier tests' entries leave
    // it while the batch runs; every product write also lands in `products` and the stock collections.
    const compared = (sums: Record<string, string>) =>
      Object.fromEntries(Object.entries(sums).filter(([k]) => !k.endsWith('.catalog_changes')));
    const [kept, left] = [compared(before), compared(after)];
    const changed = Object.keys({ ...kept, ...left }).filter((k) => kept[k] !== left[k]);
    process.stdout.write(
      `fuzz: ${sent} requests (${controlCount} for the controls and their setup, ${sent - controlCount} malformed over ${operations.length} operations)\n` +
        `fuzz: answers per status ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}\n` +
        `fuzz: stores ${digest(kept)} before and ${digest(left)} after the malformed requests (${Object.keys(left).length} tables and collections; the self-trimming change log left out)\n`,
    );
    expect(Object.entries(perOperation).filter(([, n]) => n < MIN_PER_OPERATION)).toEqual([]);
    expect(failures).toEqual([]);
    expect(changed).toEqual([]);
  }, 600_000);
});
