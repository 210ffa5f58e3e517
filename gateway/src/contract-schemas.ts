import path from 'node:path';
import { TOPIC_PARTIES, Topics, type Topic } from '@sidecart/contracts';
import { buildAsyncApiDocument, eventSchema } from './asyncapi';
import { buildOpenApiDocument } from './openapi';

type JsonSchema = Record<string, unknown>;

/** Where the files go, from the repository's root; other languages vendor this folder. */
export const SCHEMAS_DIR = path.join('packages', 'contracts', 'schemas');
export const SCHEMAS_COMMAND = 'npm run contracts:schemas';
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

const COMPONENT_REF = /^#\/components\/schemas\/(.+)$/;

/** Every `#/components/schemas/X` in `value`, rewritten by `rewrite`, and the names it found. */
function rewriteRefs(value: unknown, rewrite: (name: string) => string, found: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, rewrite, found));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      const match = key === '$ref' && typeof v === 'string' ? COMPONENT_REF.exec(v) : null;
      if (match) {
        found.add(match[1]!);
        return [key, rewrite(match[1]!)];
      }
      return [key, rewriteRefs(v, rewrite, found)];
    }),
  );
}

/**
 * One component of the OpenAPI document as a schema of its own: every component it refers to,
 * directly or not, goes under its `$defs`, so the file needs no other.
 */
function standalone(name: string, components: Record<string, JsonSchema>): JsonSchema {
  const toDefs = (n: string) => `#/$defs/${n}`;
  const root = new Set<string>();
  const body = rewriteRefs(components[name], toDefs, root) as JsonSchema;
  const defs: Record<string, JsonSchema> = {};
  const pending = [...root];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next in defs) continue;
    if (!(next in components)) throw new Error(`${name} refers to ${next}, which is not a component`);
    const found = new Set<string>();
    defs[next] = rewriteRefs(components[next], toDefs, found) as JsonSchema;
    pending.push(...found);
  }
  const sortedDefs = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b)));
  return {
    $schema: DIALECT,
    title: name,
    ...body,
    ...(Object.keys(sortedDefs).length ? { $defs: sortedDefs } : {}),
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The files of `packages/contracts/schemas/`, by path inside it: `asyncapi.json`, one
 * `events/<topic>.schema.json` per topic (the payload as delivered), and one
 * `api/<Name>.schema.json` per schema of the OpenAPI document's components (every named request
 * and answer body, and the schemas they share). All JSON Schema draft 2020-12, self-contained.
 */
export function contractSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set('asyncapi.json', json(buildAsyncApiDocument()));
  for (const topic of Object.keys(Topics) as Topic[]) {
    const { summary, producer, consumers } = TOPIC_PARTIES[topic];
    const consumedBy = consumers.length ? `consumed by ${consumers.join(', ')}` : 'no consumer yet';
    files.set(
      `events/${topic}.schema.json`,
      json({
        $schema: DIALECT,
        title: topic,
        description: `${summary} Published by ${producer}; ${consumedBy}. The payload as delivered (the CloudEvent's data).`,
        ...eventSchema(topic),
      }),
    );
  }
  const { schemas } = buildOpenApiDocument().components;
  for (const name of Object.keys(schemas).sort())
    files.set(`api/${name}.schema.json`, json(standalone(name, schemas)));
  return files;
}
