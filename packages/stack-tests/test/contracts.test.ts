/**
 * The published event contracts against the running system: the gateway serves the AsyncAPI
 * document that packages/contracts/schemas/ holds for other languages, and each app's sidecar
 * delivers exactly the topics the document says the app consumes, with `<topic>.dlq` dead letters.
 */
import fs from 'node:fs';
import path from 'node:path';
import { GATEWAY, ROOT, sidecarUrl } from '../src/stack';

type Channel = { address: string; 'x-producer': string; 'x-consumers': string[] };
type Doc = { asyncapi: string; channels: Record<string, Channel> };

const APPS = ['customer', 'product', 'order', 'payment'] as const;

async function servedDocument(): Promise<Doc> {
  const res = await fetch(`${GATEWAY}/api/docs/events.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return (await res.json()) as Doc;
}

describe('the event contracts', () => {
  it('the gateway serves the AsyncAPI document kept in packages/contracts/schemas, and its page', async () => {
    const served = await servedDocument();
    const vendored = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'packages', 'contracts', 'schemas', 'asyncapi.json'), 'utf8'),
    ) as Doc;
    expect(served).toEqual(vendored);

    const page = await fetch(`${GATEWAY}/api/docs/events`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    for (const channel of Object.values(served.channels).filter((c) => c['x-producer'] !== 'daprd'))
      expect(html).toContain(`<section id="${channel.address}"`);
  });

  it.each(APPS)('the %s sidecar delivers exactly the topics the document gives the app', async (app) => {
    const doc = await servedDocument();
    const consumed = Object.values(doc.channels)
      .filter((c) => c['x-consumers'].includes(app))
      .map((c) => c.address)
      .sort();
    const res = await fetch(`${sidecarUrl(app)}/metadata`);
    expect(res.status).toBe(200);
    const { subscriptions = [] } = (await res.json()) as {
      subscriptions?: { pubsubname: string; topic: string; deadLetterTopic?: string }[];
    };
    expect(subscriptions.map((s) => s.topic).sort()).toEqual(consumed);
    for (const s of subscriptions) {
      expect(s.pubsubname).toBe('pubsub');
      expect(s.deadLetterTopic).toBe(`${s.topic}.dlq`);
    }
  });
});
