import type { AsyncApiDocument } from './asyncapi';

type JsonSchema = Record<string, unknown>;

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? '&#39;');

/** The little Markdown the descriptions use: `code`, **bold**, paragraphs and `- ` lists. */
function inline(text: string): string {
  return escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

function markdown(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((block) => {
      const items = block.split(/\n(?=- )/);
      if (!items[0]!.startsWith('- ')) return `<p>${inline(block.replace(/\n/g, ' '))}</p>`;
      const li = items.map((item) => `<li>${inline(item.slice(2).replace(/\n\s*/g, ' '))}</li>`);
      return `<ul>${li.join('')}</ul>`;
    })
    .join('\n');
}

/** A schema's type in a few words: `string (uuid)`, `integer, 1 to 100`, `one of: A, B`. */
function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return `one of: ${schema.enum.join(', ')}`;
  if (schema.const !== undefined) return `always ${JSON.stringify(schema.const)}`;
  if (Array.isArray(schema.anyOf)) {
    const options = (schema.anyOf as JsonSchema[]).map(typeOf);
    return [...new Set(options)].join(' or ');
  }
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : String(schema.type ?? 'any');
  const format =
    typeof schema.format === 'string'
      ? ` (${schema.format})`
      : typeof schema.pattern === 'string'
        ? ` matching ${schema.pattern}`
        : '';
  const { minimum, maximum, minItems } = schema as { minimum?: number; maximum?: number; minItems?: number };
  const range =
    minimum !== undefined && maximum !== undefined
      ? `, ${minimum} to ${maximum}`
      : minimum !== undefined
        ? `, at least ${minimum}`
        : maximum !== undefined
          ? `, at most ${maximum}`
          : '';
  if (type === 'array') {
    const items = (schema.items ?? {}) as JsonSchema;
    const least = minItems ? `, at least ${minItems}` : '';
    return `array of ${items.type === 'object' ? 'objects' : typeOf(items)}${least}`;
  }
  return `${type}${format}${range}`;
}

type Row = { name: string; type: string; required: boolean; description?: string };

/** Every field of an object schema, nested ones as `lines[].productId`. */
function fields(schema: JsonSchema, prefix = ''): Row[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([key, field]) => {
    const name = `${prefix}${key}`;
    const row: Row = {
      name,
      type: typeOf(field),
      required: required.has(key),
      description: typeof field.description === 'string' ? field.description : undefined,
    };
    const items = field.items as JsonSchema | undefined;
    const nested =
      field.type === 'object'
        ? fields(field, `${name}.`)
        : items?.type === 'object'
          ? fields(items, `${name}[].`)
          : [];
    return [row, ...nested];
  });
}

const apps = (list: string[]) =>
  list.length ? list.map((a) => `<code>${escape(a)}</code>`).join(', ') : 'nobody yet';

/**
 * The AsyncAPI document as one plain HTML page, rendered on the server: a table of the topics,
 * then each topic's producer, consumers, dead-letter topic and payload fields. No script.
 */
export function renderAsyncApiHtml(doc: AsyncApiDocument, links: { json: string; api: string }): string {
  const channels = Object.values(doc.channels).filter((c) => c['x-producer'] !== 'daprd');
  const deadLetters = new Map(
    Object.values(doc.channels)
      .filter((c) => c['x-producer'] === 'daprd')
      .map((c) => [c.address.replace(/\.dlq$/, ''), c.address]),
  );
  const messageOf = (channel: (typeof channels)[number]) => {
    const name = Object.keys(channel.messages)[0]!;
    return { name, message: doc.components.messages[name]!, schema: doc.components.schemas[name]! };
  };
  const overview = channels
    .map((c) => {
      const { message } = messageOf(c);
      return (
        `<tr><th scope="row"><a href="#${escape(c.address)}">${escape(c.address)}</a></th>` +
        `<td>${apps([c['x-producer']])}</td><td>${apps(c['x-consumers'])}</td>` +
        `<td>${inline(String(message.summary ?? ''))}</td></tr>`
      );
    })
    .join('\n');
  const sections = channels
    .map((c) => {
      const { name, message, schema } = messageOf(c);
      const rows = fields(schema)
        .map(
          (f) =>
            `<tr><th scope="row"><code>${escape(f.name)}</code></th><td>${escape(f.type)}</td>` +
            `<td>${f.required ? 'yes' : 'no'}</td><td>${inline(f.description ?? '')}</td></tr>`,
        )
        .join('\n');
      const dlq = deadLetters.get(c.address);
      return `<section id="${escape(c.address)}" aria-labelledby="${escape(c.address)}-title">
<h3 id="${escape(c.address)}-title">${escape(c.address)}</h3>
<p>${inline(String(message.summary ?? ''))}</p>
<dl>
<dt>Published by</dt><dd>${apps([c['x-producer']])}</dd>
<dt>Consumed by</dt><dd>${apps(c['x-consumers'])}</dd>
<dt>Dead letters</dt><dd>${dlq ? `<code>${escape(dlq)}</code>` : 'none (no subscription)'}</dd>
<dt>Payload schema</dt><dd><code>${escape(name)}</code>; <code>events/${escape(c.address)}.schema.json</code> in <code>packages/contracts/schemas/</code></dd>
</dl>
<table>
<caption>Payload fields of ${escape(c.address)}</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Notes</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
    })
    .join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)}</title>
<link rel="stylesheet" href="/api/docs/events.css">
</head>
<body>
<main>
<h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1>
<p>The <a href="${escape(links.json)}">AsyncAPI ${escape(doc.asyncapi)} document</a> rendered as a page.
The HTTP API is described <a href="${escape(links.api)}">here</a>.</p>
${markdown(doc.info.description)}
<h2>Topics</h2>
<table>
<caption>Every topic, who publishes it and who consumes it</caption>
<thead><tr><th scope="col">Topic</th><th scope="col">Published by</th><th scope="col">Consumed by</th><th scope="col">What happened</th></tr></thead>
<tbody>
${overview}
</tbody>
</table>
<h2>Payloads</h2>
${sections}
</main>
</body>
</html>
`;
}
