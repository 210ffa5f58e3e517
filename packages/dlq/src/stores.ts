import type { Topic } from '@sidecart/contracts';
import { Redis } from 'ioredis';
import { property, type Component } from './component';
import { deadLetterTopic, type StoredLetter } from './dead-letter';
import { NatsConnection } from './nats';

/**
 * Where a broker keeps `<topic>.dlq`, read without taking anything away; `remove` takes the
 * given messages (after a replay). Close ends the session: what was read and not removed stays.
 */
export interface DeadLetterStore {
  /** Where the dead letters live, for people: "Redis stream order.placed.dlq (db 2)". */
  where(topic: Topic): string;
  read(topic: Topic): Promise<StoredLetter[]>;
  remove(topic: Topic, refs: string[]): Promise<void>;
  close(): Promise<void>;
}

/** A broker the command cannot read, with why and what to do instead. */
export class UnsupportedBroker extends Error {
  override name = 'UnsupportedBroker';
}

/**
 * Redis Streams (the default broker): daprd XADDs a dead letter to the stream `<topic>.dlq`
 * (fields `data`, `metadata`), which nobody consumes, so it stays until the stream's
 * `maxLenApprox` trims it. The stream id is the time Redis took it.
 */
class RedisStreamsStore implements DeadLetterStore {
  private readonly redis: Redis;
  private readonly db: number;

  constructor(c: Component) {
    const [host, port] = (property(c, 'redisHost') ?? 'localhost:6379').split(':');
    this.db = Number(property(c, 'redisDB') ?? 0);
    const tls = property(c, 'enableTLS') === 'true';
    this.redis = new Redis({
      host,
      port: Number(port ?? 6379),
      db: this.db,
      username: property(c, 'redisUsername') || undefined,
      password: property(c, 'redisPassword') || undefined,
      ...(tls ? { tls: {} } : {}),
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
    });
  }

  where(topic: Topic) {
    return `Redis stream ${deadLetterTopic(topic)} (database ${this.db})`;
  }

  async read(topic: Topic): Promise<StoredLetter[]> {
    if (this.redis.status === 'wait') await this.redis.connect();
    const entries = await this.redis.xrange(deadLetterTopic(topic), '-', '+');
    return entries.map(([id, fields]) => {
      const values = new Map<string, string>();
      for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!, fields[i + 1]!);
      return {
        ref: id,
        storedAt: new Date(Number(id.split('-')[0])).toISOString(),
        body: values.get('data') ?? '',
      };
    });
  }

  async remove(topic: Topic, refs: string[]) {
    if (refs.length) await this.redis.xdel(deadLetterTopic(topic), ...refs);
  }

  async close() {
    this.redis.disconnect();
  }
}

/**
 * RabbitMQ: daprd publishes a dead letter to the fanout exchange `<prefix><topic>.dlq`, and
 * Sidecart's daprd binds the durable queue of the same name to it before the first one
 * (scripts/dapr/sidecart_deadletter.go); without that queue RabbitMQ would drop them. Reading
 * takes the messages unacknowledged on one channel; closing it puts back what was not removed.
 */
class RabbitMqStore implements DeadLetterStore {
  private connection: import('amqplib').ChannelModel | undefined;
  private readonly channels = new Map<Topic, import('amqplib').Channel>();
  private readonly held = new Map<string, import('amqplib').GetMessage>();
  private readonly prefix: string;
  private readonly url: string;

  constructor(c: Component) {
    this.prefix = property(c, 'topicPrefix') ?? '';
    const url = property(c, 'connectionString') ?? property(c, 'host');
    if (!url) throw new Error('the RabbitMQ component names no connectionString');
    this.url = url;
  }

  private queue(topic: Topic) {
    return `${this.prefix}${deadLetterTopic(topic)}`;
  }

  where(topic: Topic) {
    return `RabbitMQ queue ${this.queue(topic)}`;
  }

  async read(topic: Topic): Promise<StoredLetter[]> {
    const amqp = await import('amqplib');
    this.connection ??= await amqp.connect(this.url);
    const channel = await this.connection.createChannel();
    // A passive check closes the channel when the queue does not exist: nothing was dead-lettered.
    channel.on('error', () => undefined);
    try {
      await channel.checkQueue(this.queue(topic));
    } catch {
      return [];
    }
    this.channels.set(topic, channel);
    const letters: StoredLetter[] = [];
    for (let n = 1; ; n++) {
      const message = await channel.get(this.queue(topic), { noAck: false });
      if (!message) break;
      const ref = String(n);
      this.held.set(`${topic} ${ref}`, message);
      const stamp = message.properties.timestamp as number | undefined;
      letters.push({
        ref,
        storedAt: stamp ? new Date(stamp * 1000).toISOString() : undefined,
        body: message.content.toString('utf8'),
      });
    }
    return letters;
  }

  async remove(topic: Topic, refs: string[]) {
    const channel = this.channels.get(topic);
    for (const ref of refs) {
      const message = this.held.get(`${topic} ${ref}`);
      if (channel && message) channel.ack(message);
      this.held.delete(`${topic} ${ref}`);
    }
  }

  async close() {
    // Unacknowledged messages go back to their queue, in order, when the channel closes.
    for (const channel of this.channels.values()) await channel.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }
}

/**
 * NATS JetStream: the stream Sidecart's daprd creates covers every subject under the prefix,
 * so `<prefix><topic>.dlq` is kept in it (up to its MaxMsgs). Read with the stream's message
 * API, one subject at a time, and deleted by sequence.
 */
class JetStreamStore implements DeadLetterStore {
  private nats: NatsConnection | undefined;
  private readonly prefix: string;
  private readonly stream: string;

  constructor(private readonly c: Component) {
    this.prefix = property(c, 'topicPrefix') ?? '';
    const stream = property(c, 'streamName');
    if (!stream)
      throw new UnsupportedBroker(
        'the JetStream component names no streamName: dead letters are kept only in a stream that covers `<topicPrefix><topic>.dlq`',
      );
    this.stream = stream;
  }

  private subject(topic: Topic) {
    return `${this.prefix}${deadLetterTopic(topic)}`;
  }

  where(topic: Topic) {
    return `JetStream stream ${this.stream}, subject ${this.subject(topic)}`;
  }

  private async connection() {
    this.nats ??= await NatsConnection.open(
      property(this.c, 'natsURL') ?? 'nats://localhost:4222',
      property(this.c, 'token'),
    );
    return this.nats;
  }

  async read(topic: Topic): Promise<StoredLetter[]> {
    const nats = await this.connection();
    const letters: StoredLetter[] = [];
    for (let seq = 1; ;) {
      const answer = (await nats.request(
        `$JS.API.STREAM.MSG.GET.${this.stream}`,
        JSON.stringify({ seq, next_by_subj: this.subject(topic) }),
      )) as {
        message?: { seq: number; data?: string; time?: string };
        error?: { code: number; err_code?: number; description?: string };
      };
      if (answer.error) {
        // 10037: no message at or after `seq` on the subject; 10059: no such stream yet.
        if (answer.error.code === 404) break;
        throw new Error(`JetStream: ${answer.error.description ?? JSON.stringify(answer.error)}`);
      }
      const message = answer.message!;
      letters.push({
        ref: String(message.seq),
        storedAt: message.time,
        body: Buffer.from(message.data ?? '', 'base64').toString('utf8'),
      });
      seq = message.seq + 1;
    }
    return letters;
  }

  async remove(_topic: Topic, refs: string[]) {
    const nats = await this.connection();
    for (const ref of refs) {
      const answer = (await nats.request(
        `$JS.API.STREAM.MSG.DELETE.${this.stream}`,
        JSON.stringify({ seq: Number(ref) }),
      )) as { error?: { description?: string } };
      if (answer.error) throw new Error(`JetStream: ${answer.error.description}`);
    }
  }

  async close() {
    this.nats?.close();
  }
}

/** The dead-letter store of the broker the component names. */
export function storeFor(c: Component): DeadLetterStore {
  switch (c.type) {
    case 'pubsub.redis':
      return new RedisStreamsStore(c);
    case 'pubsub.rabbitmq':
      return new RabbitMqStore(c);
    case 'pubsub.jetstream':
      return new JetStreamStore(c);
    case 'pubsub.mqtt3':
    case 'pubsub.mqtt':
      throw new UnsupportedBroker(
        `${c.type} is not supported: MQTT keeps no message that no subscriber holds, so an event dead-lettered ` +
          'to `<topic>.dlq` is gone at once. Use Redis Streams, RabbitMQ or NATS JetStream where dead letters must be kept.',
      );
    default:
      throw new UnsupportedBroker(`pub/sub type ${c.type} is not supported by this command`);
  }
}
