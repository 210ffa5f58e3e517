import { z } from 'zod';
import { deadLetterTopic, TOPIC_PARTIES, Topics, type Topic } from '@sidecart/contracts';
import { gatewayVersion, tidy, withoutDialect } from './openapi';

type JsonSchema = Record<string, unknown>;
type Ref = { $ref: string };

export type AsyncApiChannel = {
  address: string;
  title: string;
  description: string;
  messages: Record<string, Ref>;
  /** The app that publishes to the topic, and those that subscribe to it (Dapr app ids). */
  'x-producer': string;
  'x-consumers': string[];
};
export type AsyncApiOperation = {
  action: 'send' | 'receive';
  channel: Ref;
  title: string;
  summary: string;
  description?: string;
  tags: { name: string }[];
  messages: Ref[];
};
export type AsyncApiDocument = {
  asyncapi: '3.0.0';
  info: Record<string, unknown> & { title: string; version: string; description: string };
  defaultContentType: string;
  servers: Record<string, Record<string, unknown>>;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  components: {
    messages: Record<string, Record<string, unknown>>;
    schemas: Record<string, JsonSchema>;
  };
};

const TOPICS = Object.keys(Topics) as Topic[];

const words = (topic: string) => topic.split(/[.-]/);
const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
/** `order.placed` → `OrderPlaced`, the name of its schema in @sidecart/contracts. */
export const messageName = (topic: Topic) => words(topic).map(capital).join('');
/** `order.placed` → `orderPlaced`; its dead letters are `orderPlacedDeadLetters`. */
const channelId = (topic: Topic) =>
  words(topic)
    .map((w, i) => (i === 0 ? w : capital(w)))
    .join('');
const deadLetterChannelId = (topic: Topic) => `${channelId(topic)}DeadLetters`;

/**
 * A topic's payload as delivered (the CloudEvent's `data`): the event's zod schema in its input
 * form, which is what every consumer parses. A field a producer adds later passes the schema, as
 * it passes zod (unknown keys are stripped); `Money` is strict in both.
 */
export function eventSchema(topic: Topic): JsonSchema {
  return withoutDialect(
    z.toJSONSchema(Topics[topic], { io: 'input', override: tidy('input') }) as JsonSchema,
  );
}

const list = (apps: readonly string[]) =>
  apps.length === 0 ? 'nobody yet' : apps.map((a) => `\`${a}\``).join(', ');

const DESCRIPTION = `Every event of Sidecart: one topic per event type on the Dapr pub/sub component \`pubsub\`.
Generated from the zod schemas in \`@sidecart/contracts\` (\`Topics\` and \`TOPIC_PARTIES\`); each payload
schema is also a standalone JSON Schema (draft 2020-12) in \`packages/contracts/schemas/events/\`.

- **Publish** through your own sidecar: \`POST http://localhost:<dapr-http-port>/v1.0/publish/pubsub/<topic>\`
  with the payload as the JSON body. Dapr wraps it in a CloudEvent; build it in the same transaction as the
  change it announces (an outbox).
- **Subscribe** by answering your sidecar's \`GET /dapr/subscribe\` with \`{ pubsubname: "pubsub", topic,
  route, deadLetterTopic: "<topic>.dlq" }\`. Dapr POSTs each delivery to \`route\` as a CloudEvent whose
  \`data\` is the payload; answer \`{ "status": "SUCCESS" | "RETRY" | "DROP" }\`.
- **Every payload** carries \`eventId\` (uuid) and \`occurredAt\`. Deliveries are at least once: record the
  \`eventId\` with the effect, so a redelivery changes nothing. A payload that fails its schema can never
  succeed: drop it (\`DROP\`) and log it rather than ask for a retry.
- **Dead letters**: a delivery that still fails after the resiliency policy's retries goes to
  \`<topic>.dlq\`, published by the subscriber's sidecar, with the same payload. Nothing subscribes to them:
  they are for an operator.`;

/** The AsyncAPI 3 document of every topic: its payload, the app that publishes it, those that subscribe. */
export function buildAsyncApiDocument(): AsyncApiDocument {
  const channels: AsyncApiDocument['channels'] = {};
  const operations: AsyncApiDocument['operations'] = {};
  const messages: AsyncApiDocument['components']['messages'] = {};
  const schemas: AsyncApiDocument['components']['schemas'] = {};

  for (const topic of TOPICS) {
    const { summary, producer, consumers } = TOPIC_PARTIES[topic];
    const name = messageName(topic);
    const id = channelId(topic);
    schemas[name] = eventSchema(topic);
    messages[name] = {
      name,
      title: topic,
      summary,
      contentType: 'application/json',
      payload: { $ref: `#/components/schemas/${name}` },
    };
    const messageRef = { $ref: `#/components/messages/${name}` };
    channels[id] = {
      address: topic,
      title: topic,
      description: `${summary} Published by \`${producer}\`; consumed by ${list(consumers)}.`,
      messages: { [name]: messageRef },
      'x-producer': producer,
      'x-consumers': [...consumers],
    };
    const inChannel = (channel: string) => [{ $ref: `#/channels/${channel}/messages/${name}` }];
    operations[`${producer}Publishes${name}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      title: `${producer} publishes ${topic}`,
      summary,
      tags: [{ name: producer }],
      messages: inChannel(id),
    };
    for (const consumer of consumers) {
      operations[`${consumer}Receives${name}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${id}` },
        title: `${consumer} receives ${topic}`,
        summary,
        tags: [{ name: consumer }],
        messages: inChannel(id),
      };
    }
    if (consumers.length === 0) continue;
    // Only a subscription has dead letters (its deadLetterTopic in /dapr/subscribe).
    const dlq = deadLetterChannelId(topic);
    channels[dlq] = {
      address: deadLetterTopic(topic),
      title: deadLetterTopic(topic),
      description:
        `Dead letters of \`${topic}\`: deliveries that still failed after the resiliency policy's ` +
        'retries, with the same payload. Published by the sidecar of the consumer that failed; nobody ' +
        'subscribes (an operator reads them).',
      messages: { [name]: messageRef },
      'x-producer': 'daprd',
      'x-consumers': [],
    };
    operations[`deadLetters${name}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${dlq}` },
      title: `a sidecar dead-letters ${topic}`,
      summary: `A delivery of ${topic} to ${list(consumers)} failed after its retries.`,
      tags: [{ name: 'dead letters' }],
      messages: inChannel(dlq),
    };
  }

  const apps = [
    ...new Set(TOPICS.flatMap((t) => [TOPIC_PARTIES[t].producer, ...TOPIC_PARTIES[t].consumers])),
  ];
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Sidecart events',
      version: gatewayVersion(),
      description: DESCRIPTION,
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      contact: { name: 'The Sidecart maintainers' },
      tags: [
        ...apps.sort().map((app) => ({ name: app, description: `The \`${app}\` app (its Dapr app id)` })),
        { name: 'dead letters', description: 'Deliveries that failed after their retries' },
      ],
    },
    defaultContentType: 'application/json',
    servers: {
      sidecar: {
        host: 'localhost:{daprHttpPort}',
        protocol: 'http',
        pathname: '/v1.0/publish/pubsub',
        title: "The app's own Dapr sidecar",
        description:
          'Apps never reach the broker: they publish through their sidecar and are delivered to by it. ' +
          'The broker behind the `pubsub` component is Redis Streams by default (RabbitMQ, MQTT or NATS ' +
          'JetStream by swapping the component); the topics and payloads are the same on each.',
        variables: {
          daprHttpPort: {
            default: '3500',
            description: "The sidecar's HTTP port (`DAPR_HTTP_PORT`; 3500-3504 in dapr.yaml)",
          },
        },
      },
    },
    channels,
    operations,
    components: { messages, schemas },
  };
}
