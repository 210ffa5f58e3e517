import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { deadLetterTopic, TOPIC_PARTIES, Topics, type Topic } from '@sidecart/contracts';
import { buildAsyncApiDocument, messageName } from '../src/asyncapi';
import { renderAsyncApiHtml } from '../src/asyncapi-html';

const document = buildAsyncApiDocument();
const TOPICS = Object.keys(Topics) as Topic[];
const ROOT = path.join(__dirname, '..', '..');
const SERVICES = ['customer', 'product', 'order', 'payment'];

describe('the AsyncAPI document', () => {
  it('is a valid AsyncAPI 3 document for @asyncapi/parser, with no error or warning', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
    // Severity 0 is an error, 1 a warning (Spectral's scale).
    const findings = diagnostics
      .filter((d) => d.severity <= 1)
      .map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(findings).toEqual([]);
    expect(parsed).toBeDefined();
    expect(parsed!.version()).toBe('3.0.0');
    expect(parsed!.channels().length).toBeGreaterThanOrEqual(TOPICS.length);
  });

  it('has a channel per topic, with its payload schema, producer and consumers', () => {
    for (const topic of TOPICS) {
      const channel = Object.values(document.channels).find((c) => c.address === topic);
      expect(channel).toBeDefined();
      expect(channel!['x-producer']).toBe(TOPIC_PARTIES[topic].producer);
      expect(channel!['x-consumers']).toEqual(TOPIC_PARTIES[topic].consumers);
      const schema = document.components.schemas[messageName(topic)] as {
        required: string[];
        properties: Record<string, unknown>;
      };
      expect(schema.required).toEqual(expect.arrayContaining(['eventId', 'occurredAt']));
      expect(Object.keys(schema.properties)).toEqual(Object.keys(Topics[topic].shape));
    }
    // The schema of each message is the contract's export of the same name.
    expect(messageName('customer.deleted')).toBe('CustomerDeleted');
    expect(Object.keys(document.components.schemas)).toHaveLength(TOPICS.length);
  });

  it('has one send operation per topic by its producer and one receive per consumer', () => {
    const ops = Object.values(document.operations);
    for (const topic of TOPICS) {
      const onTopic = ops.filter(
        (o) => document.channels[o.channel.$ref.split('/').pop()!]!.address === topic,
      );
      const { producer, consumers } = TOPIC_PARTIES[topic];
      expect(onTopic.filter((o) => o.action === 'send').map((o) => o.tags[0]!.name)).toEqual([producer]);
      expect(onTopic.filter((o) => o.action === 'receive').map((o) => o.tags[0]!.name)).toEqual([
        ...consumers,
      ]);
    }
  });

  it('has a dead-letter channel, <topic>.dlq, for every topic someone subscribes to', () => {
    const addresses = Object.values(document.channels).map((c) => c.address);
    for (const topic of TOPICS) {
      const subscribed = TOPIC_PARTIES[topic].consumers.length > 0;
      expect([topic, addresses.includes(deadLetterTopic(topic))]).toEqual([topic, subscribed]);
    }
    expect(addresses).toContain('customer.deleted.dlq');
    expect(addresses).not.toContain('stock.released.dlq');
  });

  it('renders as one plain page: every topic, its parties and its fields, no script', () => {
    const html = renderAsyncApiHtml(document, { json: '/api/docs/events.json', api: '/api/docs' });
    expect(html).not.toMatch(/<script/i);
    for (const topic of TOPICS) expect(html).toContain(`<section id="${topic}"`);
    const placed = html.slice(html.indexOf('<section id="order.placed"'));
    expect(placed).toContain('<code>lines[].unitPrice.amount</code>');
    expect(placed).toMatch(
      /Consumed by<\/dt><dd><code>customer<\/code>, <code>order<\/code>, <code>product<\/code>/,
    );
    expect(placed).toContain('<code>order.placed.dlq</code>');
    expect(placed).toContain('<td>string (uuid) or string matching ^[a-f0-9]{24}$</td>');
    // Text from the schemas is escaped.
    expect(html).not.toMatch(
      /<(?!\/?(?:html|head|meta|title|link|body|main|h[1-3]|small|p|a|ul|li|code|strong|table|caption|thead|tbody|tr|th|td|section|dl|dt|dd)\b)[a-z]/i,
    );
  });
});

/** Every `.ts` file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

describe('TOPIC_PARTIES against the services’ code', () => {
  // The consumers are also compared with what each running app asks its sidecar for, in the
  // stack tests (packages/stack-tests/test/contracts.test.ts).
  it.each(SERVICES)('names in the %s service’s code exactly the topics it publishes or consumes', (app) => {
    const code = sources(path.join(ROOT, 'services', app, 'src')).join('\n');
    const named = TOPICS.filter((t) => code.includes(`'${t}'`));
    const parties = TOPICS.filter(
      (t) => TOPIC_PARTIES[t].producer === app || TOPIC_PARTIES[t].consumers.includes(app),
    );
    expect(named).toEqual(parties);
  });
});
