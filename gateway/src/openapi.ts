import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import * as contracts from '@sidecart/contracts';
import {
  Address,
  AdminOrderSummary,
  CartLine,
  Currency,
  Money,
  OrderHistoryEntry,
  OrderStatus,
  OrderSummary,
  PaymentStatus,
  Problem,
  Product,
  ShippingAddress,
  Stock,
  SystemHealth,
} from '@sidecart/contracts';
import { ROUTES, type Answer, type ErrorStatus, type PublicRoute } from './routes/table';

type JsonSchema = Record<string, unknown>;
type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
};
type ResponseObject = {
  description: string;
  headers?: Record<string, { $ref: string }>;
  content?: Record<string, { schema: JsonSchema }>;
};
export type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, ResponseObject>;
};
export type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  servers: { url: string; description?: string; 'x-internal'?: boolean }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, Operation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
    headers: Record<string, JsonSchema>;
  };
};

/** The API's base path; the document's paths are relative to it. */
export const API_BASE = '/api/v1';

/** Routes of the gateway itself (not in ROUTES), documented by hand below. */
export const SYSTEM_ROUTES = [{ method: 'GET', path: '/system/health' }] as const;

/**
 * Schemas that appear inside several answers: they get a component of their own and a $ref
 * wherever they appear. Every answer and request body that is a named export of
 * @sidecart/contracts gets one too, under that name.
 */
const SHARED_SCHEMAS = {
  Currency,
  Money,
  Problem,
  Address,
  OrderHistoryEntry,
  Stock,
  Product,
  CartLine,
  OrderStatus,
  ShippingAddress,
  OrderSummary,
  AdminOrderSummary,
  PaymentStatus,
};

const CONTRACT_NAMES = new Map<unknown, string>(
  Object.entries(contracts)
    .filter(([, value]) => value instanceof z.ZodType)
    .map(([name, value]) => [value, name]),
);

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * Tidies zod's JSON Schema for an API document. In output mode zod writes
 * `additionalProperties: false` on every object (parsing strips unknown keys), but an answer
 * that gains a field must not break clients, so only strict objects keep it. `.int()` adds
 * ±2^53 bounds that say nothing about the API; an integer gets `int32` or `int64` instead.
 */
export const tidy =
  (io: 'input' | 'output') =>
  ({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodTypes; jsonSchema: JsonSchema }) => {
    const def = zodSchema._zod.def;
    if (io === 'output' && def.type === 'object' && def.catchall === undefined) {
      delete jsonSchema.additionalProperties;
    }
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    // A union of strings (an id or a slug) is a string, as long as its longest option.
    const options = jsonSchema.anyOf as JsonSchema[] | undefined;
    if (def.type === 'union' && options?.every((o) => o.type === 'string')) {
      jsonSchema.type = 'string';
      const longest = options.map((o) => o.maxLength);
      if (longest.every((n) => typeof n === 'number'))
        jsonSchema.maxLength = Math.max(...(longest as number[]));
    }
    // A client's code generator picks its integer type from the format.
    if (jsonSchema.type === 'integer' && jsonSchema.format === undefined) {
      const { minimum, maximum } = jsonSchema as { minimum?: number; maximum?: number };
      const int32 =
        minimum !== undefined && maximum !== undefined && minimum >= -(2 ** 31) && maximum < 2 ** 31;
      jsonSchema.format = int32 ? 'int32' : 'int64';
    }
  };

/** OpenAPI 3.1 schema objects are JSON Schema 2020-12 without a `$schema` of their own. */
export function withoutDialect({ $schema: _schema, $id: _id, ...rest }: JsonSchema): JsonSchema {
  return rest;
}

function inlineSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return withoutDialect(z.toJSONSchema(schema, { io, override: tidy(io) }) as JsonSchema);
}

/**
 * The components: request bodies in zod's input form (defaults make a field optional),
 * answers in its output form. The two sets must not share a name.
 */
function componentSchemas(requests: Set<z.ZodType>, answers: Set<z.ZodType>): Record<string, JsonSchema> {
  const generate = (schemas: Map<string, z.ZodType>, io: 'input' | 'output') => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of schemas) registry.add(schema, { id });
    const { schemas: out } = z.toJSONSchema(registry, {
      io,
      uri: (id) => ref(id).$ref,
      override: tidy(io),
    });
    return Object.fromEntries(Object.entries(out).map(([id, s]) => [id, withoutDialect(s as JsonSchema)]));
  };
  const named = (schemas: Iterable<z.ZodType>) =>
    new Map(
      [...schemas].flatMap((s) => (CONTRACT_NAMES.has(s) ? [[CONTRACT_NAMES.get(s)!, s] as const] : [])),
    );

  const output = generate(new Map([...Object.entries(SHARED_SCHEMAS), ...named(answers)]), 'output');
  const input = generate(named(requests), 'input');
  for (const name of Object.keys(input)) {
    if (name in output)
      throw new Error(`${name} is both a request body and an answer: give one another name`);
  }
  return { ...output, ...input };
}

const schemaFor = (schema: z.ZodType, io: 'input' | 'output') =>
  CONTRACT_NAMES.has(schema) ? ref(CONTRACT_NAMES.get(schema)!) : inlineSchema(schema, io);

/** One parameter per field of a zod object; a field's `.describe()` becomes the parameter's. */
function parametersOf(where: Parameter['in'], shape: z.ZodObject | undefined): Parameter[] {
  if (!shape) return [];
  const json = inlineSchema(shape, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, { description, ...schema }]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof description === 'string' ? { description } : {}),
    schema,
  }));
}

/** Express `/orders/:id/payment` is OpenAPI `/orders/{id}/payment`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');
const pathParamNames = (expressPath: string) => [...expressPath.matchAll(/:(\w+)/g)].map((m) => m[1]!);
const routeName = (route: PublicRoute) => `${route.method} ${route.path}`;

/** The route table's `params` shape every `:name` of the path (checked here, so at start). */
function pathParameters(route: PublicRoute): Parameter[] {
  const names = pathParamNames(route.path);
  const shaped = parametersOf('path', route.params);
  for (const p of shaped) {
    if (!names.includes(p.name)) throw new Error(`${routeName(route)} has no path parameter ${p.name}`);
  }
  return names.map((name) => {
    const found = shaped.find((p) => p.name === name);
    if (!found) throw new Error(`${routeName(route)}: give :${name} a schema in the route's params`);
    return found;
  });
}

const ERROR_TEXT: Record<ErrorStatus, string> = {
  400: 'The request is invalid: `errors` names each field',
  401: 'Sign in first: the bearer token is missing, invalid or expired',
  403: 'Only an admin may do this',
  404: 'Not found',
  409: 'Conflicts with the current state',
  412: 'The resource changed since the ETag your If-Match names',
  413: 'The body is larger than 64 KB',
  429: 'Too many requests of this kind from this client: retry after `Retry-After` seconds',
  500: 'An unexpected fault in the gateway (a service fault reaches the client as 503)',
  503: 'The service behind this route is unavailable',
  504: 'The service behind this route did not answer in time',
};

/** The errors every route of a kind can give, then the route's own (which may reword them). */
function errorsOf(route: PublicRoute): Map<ErrorStatus, string> {
  const { doc } = route;
  const errors = new Map<ErrorStatus, string>();
  // Any route may be sent a query, headers or a body it does not take (checkRequest).
  errors.set(400, ERROR_TEXT[400]);
  errors.set(
    401,
    route.access === 'anonymous'
      ? 'A bearer token was sent and is not valid (none is needed here, but one that is sent is checked)'
      : ERROR_TEXT[401],
  );
  if (route.access === 'admin') errors.set(403, ERROR_TEXT[403]);
  if (doc.body) errors.set(413, ERROR_TEXT[413]);
  // Every public route is rate-limited and reaches its service through Dapr.
  for (const status of [429, 500, 503, 504] as const) errors.set(status, ERROR_TEXT[status]);
  for (const [status, text] of Object.entries(doc.errors ?? {}))
    errors.set(Number(status) as ErrorStatus, text);
  return new Map([...errors].sort(([a], [b]) => a - b));
}

const headerRefs = (names: string[]) =>
  Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

/**
 * On every answer once the request was counted against its budget (2xx and 4xx alike), and the
 * CORS header every answer to the storefront's origin carries.
 */
const RATE_LIMIT_HEADERS = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Access-Control-Allow-Origin',
];

function problemResponse(status: ErrorStatus, description: string): ResponseObject {
  const headers =
    status === 429
      ? ['Retry-After', ...RATE_LIMIT_HEADERS]
      : status === 401
        ? ['WWW-Authenticate', ...RATE_LIMIT_HEADERS]
        : status < 500
          ? RATE_LIMIT_HEADERS
          : ['Access-Control-Allow-Origin'];
  return {
    description,
    ...(headers.length ? { headers: headerRefs(headers) } : {}),
    content: { 'application/problem+json': { schema: ref('Problem') } },
  };
}

function successResponse(answer: Answer): ResponseObject {
  const headers = [...(answer.headers ?? []), ...RATE_LIMIT_HEADERS];
  return {
    description: answer.description,
    headers: headerRefs(headers),
    ...(answer.csv ? { content: { 'text/csv': { schema: { type: 'string' } } } } : {}),
    ...(answer.body ? { content: { 'application/json': { schema: schemaFor(answer.body, 'output') } } } : {}),
    ...(answer.media
      ? {
          content: Object.fromEntries(
            answer.media.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }]),
          ),
        }
      : {}),
  };
}

const SECURITY: Record<PublicRoute['access'], Record<string, string[]>[]> = {
  // No token needed, but one that is sent must be valid (and may show an admin more).
  anonymous: [{}, { bearerAuth: [] }],
  customer: [{ bearerAuth: [] }],
  // Scopes belong to OAuth2 and OpenID Connect only: an admin's token is a scheme of its own.
  admin: [{ adminBearerAuth: [] }],
};

function operationOf(route: PublicRoute): Operation {
  const { doc } = route;
  const parameters = [
    ...pathParameters(route),
    ...parametersOf('query', doc.query),
    ...parametersOf('header', doc.headers),
  ];
  const description = [route.access === 'admin' ? 'Admin only.' : '', doc.description ?? '']
    .filter(Boolean)
    .join(' ');
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    ...(description ? { description } : {}),
    tags: [doc.tag],
    security: SECURITY[route.access],
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: !doc.bodyOptional,
            content: { 'application/json': { schema: schemaFor(doc.body, 'input') } },
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(doc.answers.map((a) => [String(a.status), successResponse(a)])),
      ...Object.fromEntries(
        [...errorsOf(route)].map(([status, text]) => [String(status), problemResponse(status, text)]),
      ),
    },
  };
}

/** `GET /system/health` is the gateway's own: no token needed, a report rather than a problem on 503. */
const healthOperation: Operation = {
  operationId: 'systemHealth',
  summary: 'Health of every service, checked through Dapr',
  description:
    'A green answer proves gateway → sidecar → sidecar → service works for each service. Anyone gets the ' +
    "overall `status`; an admin's token also gets `gateway` and each service's checks and latency. " +
    'Rate limited as a read; answers within 2 s of each other share one round of checks.',
  tags: ['System'],
  security: SECURITY.anonymous,
  responses: {
    '200': {
      description: 'Every service is ready',
      headers: headerRefs(RATE_LIMIT_HEADERS),
      content: { 'application/json': { schema: ref('SystemHealth') } },
    },
    '400': problemResponse(400, 'It takes no query and no body'),
    '401': problemResponse(401, 'A bearer token was sent and is not valid'),
    '429': problemResponse(429, 'Too many requests from this client'),
    '500': problemResponse(500, ERROR_TEXT[500]),
    '503': {
      description: 'Some service is down or degraded (`status: degraded`)',
      headers: headerRefs(RATE_LIMIT_HEADERS),
      content: { 'application/json': { schema: ref('SystemHealth') } },
    },
  },
};

const TAGS = [
  { name: 'Accounts', description: 'Sign-up, sign-in checks, and the signed-in customer (`/me`)' },
  { name: 'Catalog', description: 'Products, categories and stock' },
  { name: 'Cart', description: "The signed-in customer's cart" },
  { name: 'Orders', description: 'Checkout and orders' },
  { name: 'Payments', description: 'PayPal payments of orders' },
  { name: 'Webhooks', description: 'Calls from PayPal' },
  { name: 'System', description: 'The gateway itself' },
];

/** A count or a number of seconds in a header. */
const COUNT = { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 };

const HEADERS: Record<string, JsonSchema> = {
  ETag: {
    description: 'The version of what was read: send it back as If-Match (cart) or If-None-Match (order)',
    schema: { type: 'string' },
  },
  'Preference-Applied': {
    description: 'Present when the request waited as its `Prefer: wait` asked',
    schema: { type: 'string' },
  },
  Location: { description: 'Where the new resource is', schema: { type: 'string' } },
  'Guest-Cart': {
    description:
      'A new guest cart token, when the request carried none: send it as the `Guest-Cart` header from then on',
    schema: { type: 'string' },
  },
  'Cache-Control': { description: 'How long the answer may be kept', schema: { type: 'string' } },
  'Content-Disposition': { description: 'Names the file to save the answer as', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds until the budget refills', schema: COUNT },
  'RateLimit-Limit': { description: "Requests per window in this route's budget", schema: COUNT },
  'RateLimit-Remaining': { description: 'Requests left in the window', schema: COUNT },
  'RateLimit-Reset': { description: 'Seconds until the window ends', schema: COUNT },
  'WWW-Authenticate': { description: 'Always `Bearer`', schema: { type: 'string' } },
  'Access-Control-Allow-Origin': {
    description: "The storefront's origin, on answers to a browser there: no other site may call the API",
    schema: { type: 'string', format: 'uri' },
  },
};

const DESCRIPTION = `The public API of Sidecart, served by the gateway. Generated from the zod schemas in
\`@sidecart/contracts\` and the gateway's route table.

- **Sign-in**: send the storefront's JWT as \`Authorization: Bearer …\`. Routes marked admin need the
  \`admin\` role. Someone else's cart, order, payment or profile answers 404.
- **Errors** are RFC 9457 \`application/problem+json\`; a validation error names each field in \`errors\`.
- **Rate limits** per client and budget (\`read\` for GET, \`write\` otherwise, \`auth\` for sign-up and
  sign-in), with \`RateLimit-*\` headers on answers and \`429\` with \`Retry-After\` once spent.
- **Money** is \`{ amount, currency }\` in integer minor units. **Lists** take \`limit\` and the opaque
  \`cursor\` of the previous page's \`nextCursor\`.
- Send an \`x-request-id\` to follow a request through the logs; every answer carries one.`;

export function gatewayVersion(): string {
  // gateway/package.json, one level above both src/ and dist/.
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

const JWT_RULES =
  'Checked as RFC8725 advises: HS256 only (never `none`), the key its `kid` names, issuer, audience and expiry.';

/** The OpenAPI 3.1 document of every public route; throws if a route of `routes` carries no `doc`. */
export function buildOpenApiDocument(routes: PublicRoute[] = ROUTES): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const requests = new Set<z.ZodType>();
  const answers = new Set<z.ZodType>([SystemHealth]);
  for (const route of routes) {
    const { doc } = route;
    // The type demands it; a table built without the compiler's help is refused here too.
    if (!doc) throw new Error(`${routeName(route)} is not documented: give its entry in table.ts a doc`);
    if (doc.body) requests.add(doc.body);
    for (const answer of doc.answers) if (answer.body) answers.add(answer.body);
    (paths[openApiPath(route.path)] ??= {})[route.method.toLowerCase() as HttpMethod] = operationOf(route);
  }
  paths['/system/health'] = { get: healthOperation };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Sidecart API',
      version: gatewayVersion(),
      description: DESCRIPTION,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      contact: { name: 'The Sidecart maintainers' },
    },
    servers: [
      {
        url: API_BASE,
        description: 'The gateway serving this document, in any environment (local, test or production)',
        'x-internal': false,
      },
    ],
    tags: TAGS,
    paths,
    components: {
      schemas: componentSchemas(requests, answers),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `The storefront's token; its \`role\` claim is \`customer\` or \`admin\`. ${JWT_RULES}`,
        },
        adminBearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `The storefront's token of an admin (\`role: admin\`); any other answers 403. ${JWT_RULES}`,
        },
      },
      headers: HEADERS,
    },
  };
}
