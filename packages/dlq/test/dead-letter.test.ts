import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { profile, readComponent } from '../src/component';
import { describe as describeLetter, topicsNamed, UsageError } from '../src/dead-letter';
import { failuresIn } from '../src/logs';
import { producerOf, sidecarPort } from '../src/sidecar';
import { storeFor, UnsupportedBroker } from '../src/stores';

const cancellation = (eventId = randomUUID()) => ({
  eventId,
  occurredAt: '2026-12-01T10:00:00.000Z',
  orderId: randomUUID(),
  customerId: randomUUID(),
  reason: 'changed my mind',
});
const stored = (data: unknown, ref = '1733050000000-0') => ({
  ref,
  storedAt: '2026-12-01T10:01:00.000Z',
  body: JSON.stringify({ id: 'ce-1', type: 'com.dapr.event.sent', source: 'order', data }),
});

describe('a dead letter as list shows it', () => {
  it('names the event, its type, its times, and the error a consumer logged for it', () => {
    const event = cancellation();
    const log = path.join(os.tmpdir(), `dlq-${randomUUID()}.log`);
    fs.writeFileSync(
      log,
      `== APP - payment == {"level":50,"eventId":"${event.eventId}","err":{"message":"PayPal could not complete the request: 503"},"msg":"event handler failed, asking for redelivery"}\n` +
        `== APP - payment == not json event handler failed\n`,
    );
    const letter = describeLetter('order.cancelled', stored(event), failuresIn([log]));
    expect(letter).toMatchObject({
      topic: 'order.cancelled',
      eventId: event.eventId,
      type: 'order.cancelled',
      occurredAt: event.occurredAt,
      deadLetteredAt: '2026-12-01T10:01:00.000Z',
      reason: 'handler failed: payment: PayPal could not complete the request: 503',
      breaksContract: false,
    });
    expect(describeLetter('order.cancelled', stored(event)).reason).toMatch(
      /^a consumer failed on every delivery/,
    );
  });

  it('says when an event breaks its contract, naming the field (replaying it cannot help)', () => {
    const { orderId: _, ...broken } = cancellation();
    const letter = describeLetter('order.cancelled', stored(broken));
    expect(letter.breaksContract).toBe(true);
    expect(letter.reason).toMatch(/^breaks its contract \(orderId: /);
    expect(describeLetter('order.cancelled', { ref: '2', body: 'not json' }).breaksContract).toBe(true);
  });

  it('knows the topics of the contracts, with or without .dlq', () => {
    expect(topicsNamed('order.cancelled.dlq')).toEqual(['order.cancelled']);
    expect(topicsNamed()).toContain('payment.refunded');
    expect(() => topicsNamed('orders.cancelled')).toThrow(UsageError);
  });

  it('replays through the sidecar of the app that announces the topic', () => {
    expect(producerOf('stock.reserved')).toBe('product');
    expect(producerOf('order.cancelled')).toBe('order');
    expect(sidecarPort('order')).toBe(3503);
  });
});

describe('the broker, read from the run profile like the sidecars read it', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dlq-profile-'));
  const dir = path.join(root, '.data', 'test', 'components');
  fs.mkdirSync(dir, { recursive: true });
  const secrets = path.join(root, '.data', 'test', 'secrets.json');
  fs.writeFileSync(secrets, JSON.stringify({ RABBITMQ_CONNECTION_STRING: 'amqp://u:p@localhost:5672' }));
  fs.writeFileSync(
    path.join(dir, 'secretstore.yaml'),
    `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: secretstore}\nspec:\n  type: secretstores.local.file\n  metadata: [{name: secretsFile, value: ${secrets}}]\n`,
  );
  const p = profile('test', root);

  it('resolves a secret reference through the secret store', () => {
    fs.writeFileSync(
      path.join(dir, 'pubsub.yaml'),
      `kind: Component\nmetadata: {name: pubsub}\nspec:\n  type: pubsub.rabbitmq\n  metadata:\n    - {name: connectionString, secretKeyRef: {name: RABBITMQ_CONNECTION_STRING, key: RABBITMQ_CONNECTION_STRING}}\n    - {name: topicPrefix, value: test.}\nauth: {secretStore: secretstore}\n`,
    );
    const component = readComponent(p);
    expect(component).toEqual({
      name: 'pubsub',
      type: 'pubsub.rabbitmq',
      metadata: { connectionString: 'amqp://u:p@localhost:5672', topicPrefix: 'test.' },
    });
    expect(storeFor(component).where('order.placed')).toBe('RabbitMQ queue test.order.placed.dlq');
  });

  it('says plainly that MQTT keeps no dead letters', () => {
    fs.writeFileSync(
      path.join(dir, 'pubsub.yaml'),
      `kind: Component\nmetadata: {name: pubsub}\nspec:\n  type: pubsub.mqtt3\n  metadata: [{name: url, value: 'tcp://localhost:1883'}]\n`,
    );
    expect(() => storeFor(readComponent(p))).toThrow(UnsupportedBroker);
    expect(() => storeFor(readComponent(p))).toThrow(/MQTT keeps no message/);
  });
});
