import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildOpenApiDocument, openApiPath, SYSTEM_ROUTES, type OpenApiDocument } from '../src/openapi';
import { ROUTES, type PublicRoute } from '../src/routes/table';

const document = buildOpenApiDocument();

type Validation = { valid: boolean; errors?: unknown };

/**
 * Validates with @seriousme/openapi-schema-validator (the OpenAPI 3.1 JSON Schema, and every
 * $ref must resolve). It is an ES module, which jest's CommonJS runtime cannot load, so it
 * runs as the package's own command-line tool.
 */
function validate(doc: unknown): Validation {
  const dir = mkdtempSync(path.join(tmpdir(), 'sidecart-openapi-'));
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  const pkg = require.resolve('@seriousme/openapi-schema-validator/package.json');
  const cli = path.join(path.dirname(pkg), 'bin', 'validate-api-cli.js');
  try {
    return JSON.parse(execFileSync(process.execPath, [cli, file], { encoding: 'utf8' })) as Validation;
  } catch (err) {
    // The tool exits 1 for an invalid document, with the verdict on stdout.
    return JSON.parse((err as { stdout: string }).stdout) as Validation;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Schema = {
  $ref?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  type?: string;
};

/** Follows a `#/components/schemas/...` reference, if it is one. */
function resolve(schema: Schema | undefined, doc: OpenApiDocument = document): Schema {
  if (!schema?.$ref) return schema ?? {};
  const name = schema.$ref.replace('#/components/schemas/', '');
  return doc.components.schemas[name] as Schema;
}

const operation = (method: string, expressPath: string) => {
  const op = document.paths[openApiPath(expressPath)]?.[method.toLowerCase() as 'get'];
  if (!op) throw new Error(`${method} ${expressPath} is not in the document`);
  return op;
};
const requestSchema = (method: string, expressPath: string) =>
  resolve(operation(method, expressPath).requestBody?.content['application/json']?.schema as Schema);
const answerSchema = (method: string, expressPath: string, status: string) =>
  resolve(operation(method, expressPath).responses[status]?.content?.['application/json']?.schema as Schema);

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(validate(document)).toEqual({ valid: true });
  });

  it('fails validation when it is broken (the validator really checks)', () => {
    const broken = JSON.parse(JSON.stringify(document)) as OpenApiDocument;
    broken.paths['/cart']!.get!.responses['200']!.content!['application/json']!.schema = {
      $ref: '#/components/schemas/NoSuchSchema',
    };
    expect(validate(broken).valid).toBe(false);
    delete (broken.info as { title?: string }).title;
    expect(validate(broken).valid).toBe(false);
  });

  it('has an operation for every route of the table and the system routes, and no other', () => {
    const documented = Object.entries(document.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${p}`),
    );
    const expected = [...ROUTES, ...SYSTEM_ROUTES].map((r) => `${r.method} ${openApiPath(r.path)}`);
    expect(documented.sort()).toEqual(expected.sort());
    expect(ROUTES.some((r) => r.method === 'GET' && r.path === '/admin/orders')).toBe(true);
  });

  it("documents each route of the table with that entry's own doc", () => {
    for (const route of ROUTES) {
      const op = document.paths[openApiPath(route.path)]?.[route.method.toLowerCase() as 'get'];
      expect([route.method, route.path, op?.operationId]).toEqual([
        route.method,
        route.path,
        route.doc.operationId,
      ]);
    }
  });

  it('refuses to build when a route has no docs', () => {
    const undocumented = {
      ...ROUTES[0]!,
      method: 'GET' as const,
      path: '/nowhere',
      doc: undefined,
    } as unknown as PublicRoute;
    expect(() => buildOpenApiDocument([...ROUTES, undocumented])).toThrow(/GET \/nowhere is not documented/);
  });

  it('gives each operation a unique operationId and declares every path parameter', () => {
    const ops = Object.entries(document.paths).flatMap(([p, ops]) =>
      Object.values(ops).map((op) => ({ path: p, op })),
    );
    const ids = ops.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path: p, op } of ops) {
      const inPath = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
      expect(declared.sort()).toEqual(inPath);
    }
  });

  it('takes its version from gateway/package.json and serves under /api/v1', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(document.info.version).toBe(pkg.version);
    expect(document.servers).toEqual([expect.objectContaining({ url: '/api/v1' })]);
  });

  it.each([
    ['POST', '/products', 'sku'],
    ['PUT', '/cart', 'lines'],
    ['POST', '/orders', 'shippingAddress'],
    ['POST', '/customers', 'password'],
    ['POST', '/products/:id/stock', 'delta'],
    ['POST', '/orders/:id/ship', 'trackingNumber'],
  ])('%s %s takes a body that requires %s', (method, expressPath, field) => {
    expect(requestSchema(method, expressPath).required).toContain(field);
  });

  it('documents request bodies in their input form: fields with a default are optional', () => {
    const create = requestSchema('POST', '/products');
    expect(create.required).not.toContain('onHand');
    expect(create.properties?.onHand).toMatchObject({ default: 0 });
    expect(operation('POST', '/orders/:id/cancel').requestBody?.required).toBe(false);
  });

  it('names the answers with their contract schemas', () => {
    expect(operation('GET', '/products/:id').responses['200']!.content!['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/Product',
    });
    const adminList = answerSchema('GET', '/admin/orders', '200');
    expect(resolve(adminList.properties?.items?.items).required).toContain('customerId');
    expect(answerSchema('POST', '/orders', '201')).toBe(answerSchema('POST', '/orders', '200'));
    // Anyone gets the overall status; only an admin the services' details.
    expect(answerSchema('GET', '/system/health', '503').required).toEqual(['status']);
    expect(answerSchema('GET', '/system/health', '503').properties).toHaveProperty('services');
  });

  it('documents query parameters and the headers a route reads or sends', () => {
    const params = (method: string, p: string) =>
      Object.fromEntries((operation(method, p).parameters ?? []).map((x) => [`${x.in}:${x.name}`, x]));
    expect(params('GET', '/admin/orders')).toMatchObject({
      'query:status': { required: false, schema: { enum: expect.arrayContaining(['PAID', 'SHIPPED']) } },
      'query:limit': { required: false },
      'query:cursor': { required: false },
    });
    expect(params('GET', '/products')['query:category']).toBeDefined();
    expect(params('PUT', '/cart')['header:If-Match']).toMatchObject({ required: false });
    expect(params('POST', '/orders')['header:Idempotency-Key']).toMatchObject({
      required: true,
      schema: { format: 'uuid' },
    });
    expect(operation('GET', '/cart').responses['200']!.headers).toHaveProperty('ETag');
    expect(operation('PUT', '/cart').responses['200']!.headers).toHaveProperty('ETag');
  });

  it('says who may call each route and which errors follow from that', () => {
    for (const route of ROUTES) {
      const op = operation(route.method, route.path);
      const statuses = Object.keys(op.responses);
      expect(statuses).toEqual(expect.arrayContaining(['400', '401', '429', '500', '503', '504']));
      if (route.access === 'admin') {
        // Scopes exist only for OAuth2 and OpenID Connect: an admin's token is a scheme of its own.
        expect(op.security).toEqual([{ adminBearerAuth: [] }]);
        expect(statuses).toContain('403');
      } else {
        expect(statuses).not.toContain('403');
        expect(op.security).toEqual(
          route.access === 'customer' ? [{ bearerAuth: [] }] : [{}, { bearerAuth: [] }],
        );
      }
      if (op.requestBody) expect(statuses).toEqual(expect.arrayContaining(['400', '413']));
      for (const status of statuses.filter((s) => s >= '400')) {
        expect(op.responses[status]!.content).toEqual({
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        });
      }
    }
    expect(operation('GET', '/system/health').security).toEqual([{}, { bearerAuth: [] }]);
  });

  it('documents the rate-limit headers on every answer below 500, and Retry-After on 429', () => {
    for (const ops of Object.values(document.paths)) {
      for (const op of Object.values(ops)) {
        for (const [status, answer] of Object.entries(op.responses)) {
          if (Number(status) < 500)
            expect(Object.keys(answer.headers ?? {})).toContain('RateLimit-Remaining');
          if (status === '429') expect(Object.keys(answer.headers ?? {})).toContain('Retry-After');
        }
      }
    }
  });

  it('describes the problem+json error body', () => {
    expect(resolve({ $ref: '#/components/schemas/Problem' }).required).toEqual(
      expect.arrayContaining(['type', 'title', 'status']),
    );
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });
});
