import fs from 'node:fs';
import path from 'node:path';
import type { Topic } from '@sidecart/contracts';
import YAML from 'yaml';
import { ROOT, type Profile } from './component';
import type { CloudEvent } from './dead-letter';

/** The app that announces each kind of event, and so the sidecar a replay publishes through. */
const PRODUCERS: Record<string, string> = {
  customer: 'customer',
  order: 'order',
  stock: 'product',
  payment: 'payment',
};
export const producerOf = (topic: Topic): string => PRODUCERS[topic.split('.')[0]!]!;

/** An app's Dapr HTTP port, from the run file (dapr.yaml). */
export function sidecarPort(appId: string, root = ROOT): number {
  const run = YAML.parse(fs.readFileSync(path.join(root, 'dapr.yaml'), 'utf8')) as {
    apps: { appID: string; daprHTTPPort?: number }[];
  };
  const port = run.apps.find((a) => a.appID === appId)?.daprHTTPPort;
  if (!port) throw new Error(`dapr.yaml has no Dapr HTTP port for ${appId}`);
  return port;
}

/**
 * Publishes a dead-lettered CloudEvent again on its own topic through the sidecar of the app
 * that announces it, as that app's outbox relay would: Dapr's publish API, with the original
 * CloudEvent (its id, source and data) as the body. Every subscriber gets it; each acts on an
 * eventId once (docs/architecture.md, "Events"), so those that had handled it change nothing.
 */
export async function republish(p: Profile, topic: Topic, event: CloudEvent, via = producerOf(topic)) {
  const port = sidecarPort(via);
  const token =
    process.env.DAPR_API_TOKEN ??
    (fs.existsSync(p.tokenFile) ? fs.readFileSync(p.tokenFile, 'utf8').trim() : undefined);
  // What daprd adds on delivery; it sets them anew on this publish.
  const { topic: _t, pubsubname: _p, traceid: _ti, traceparent: _tp, tracestate: _ts, ...original } = event;
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}/v1.0/publish/pubsub/${topic}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/cloudevents+json',
        ...(token ? { 'dapr-api-token': token } : {}),
      },
      body: JSON.stringify(original),
    });
  } catch (err) {
    throw new Error(
      `the ${via} sidecar does not answer on :${port} (${(err as Error).message}); replay needs the shop running (npm start)`,
    );
  }
  if (res.status !== 204)
    throw new Error(
      `publishing ${topic} through the ${via} sidecar answered ${res.status}: ${await res.text()}`,
    );
}
