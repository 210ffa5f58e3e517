import { Router, type Request } from 'express';
import { deadLetterTopic, Topics, type EventOf, type Topic } from '@sidecart/contracts';
import { fieldErrors } from './errors';
import type { Logger } from './logger';
import { subscriptionGaps, type DeclaredSubscription, type SidecarMetadata } from './subscription-health';

/** What a handler tells Dapr: done, try again later, or give up (Dapr dead-letters it). */
export type DeliveryOutcome = 'SUCCESS' | 'RETRY' | 'DROP';

export type EventContext = { topic: Topic; logger: Logger; cloudEventId?: string };
export type EventHandler<T extends Topic> = (
  event: EventOf<T>,
  ctx: EventContext,
) => Promise<DeliveryOutcome | void>;

type Subscription = { topic: Topic; route: string; handler: EventHandler<Topic> };

export const PUBSUB = 'pubsub';

/**
 * Declarative subscriptions served on plain express routes. Each service declares a
 * subscription next to its handler (`subscribe('order.placed', reserveStock)`);
 * `/dapr/subscribe` is generated from the same list, so the two cannot drift.
 *
 * Plain routes rather than the SDK's DaprServer: a throwing handler must become RETRY,
 * not a silent SUCCESS (dapr/js-sdk#720).
 */
export class Subscriptions {
  private readonly list: Subscription[] = [];

  constructor(private readonly pubsubName: string = PUBSUB) {}

  subscribe<T extends Topic>(topic: T, handler: EventHandler<T>): this {
    this.list.push({ topic, route: `/events/${topic}`, handler: handler as EventHandler<Topic> });
    return this;
  }

  get topics(): Topic[] {
    return this.list.map((s) => s.topic);
  }

  /** What the app asks its sidecar for (`/dapr/subscribe` without the dead-letter topics). */
  get declared(): DeclaredSubscription[] {
    return this.list.map((s) => ({ pubsubname: this.pubsubName, topic: s.topic, route: s.route }));
  }

  /**
   * A readiness check: fails, naming each topic, while the sidecar does not deliver every
   * declared subscription to its route (subscription-health.ts).
   */
  loadedBy(sidecar: { metadata(): Promise<SidecarMetadata> }): () => Promise<void> {
    return async () => {
      if (this.list.length === 0) return;
      const gaps = subscriptionGaps(this.declared, await sidecar.metadata());
      if (gaps.length > 0) throw new Error(gaps.join('; '));
    };
  }

  router(logger: Logger): Router {
    const router = Router();
    router.get('/dapr/subscribe', (_req, res) => {
      res.json(this.declared.map((s) => ({ ...s, deadLetterTopic: deadLetterTopic(s.topic as Topic) })));
    });
    for (const sub of this.list) {
      router.post(sub.route, async (req, res) => {
        const status = await deliver(sub, req, (req.log as Logger | undefined) ?? logger);
        res.json({ status });
      });
    }
    return router;
  }
}

async function deliver(sub: Subscription, req: Request, logger: Logger): Promise<DeliveryOutcome> {
  const envelope = req.body as { id?: string; data?: unknown } | undefined;
  const parsed = Topics[sub.topic].safeParse(envelope?.data);
  const log = logger.child({ topic: sub.topic, cloudEventId: envelope?.id });
  if (!parsed.success) {
    // A malformed event will never become valid: retrying only blocks the topic.
    log.error({ errors: fieldErrors(parsed.error) }, 'event does not match its contract, dropping');
    return 'DROP';
  }
  try {
    const outcome = await sub.handler(parsed.data as never, {
      topic: sub.topic,
      logger: log.child({ eventId: parsed.data.eventId }),
      cloudEventId: envelope?.id,
    });
    return outcome ?? 'SUCCESS';
  } catch (err) {
    log.error({ err, eventId: parsed.data.eventId }, 'event handler failed, asking for redelivery');
    return 'RETRY';
  }
}
