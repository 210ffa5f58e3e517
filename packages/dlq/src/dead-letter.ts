import { deadLetterTopic, isTopic, Topics, type Topic } from '@sidecart/contracts';

/** The CloudEvent daprd delivered, and then dead-lettered unchanged (its `data` is our event). */
export type CloudEvent = {
  id?: string;
  type?: string;
  source?: string;
  time?: string;
  data?: unknown;
  [field: string]: unknown;
};

/** One message of a `<topic>.dlq` as the broker holds it. */
export type StoredLetter = {
  /** The broker's own id for the message (a Redis stream id, a JetStream sequence, a position). */
  ref: string;
  /** When the broker took it, where the broker says (Redis stream ids and JetStream carry it). */
  storedAt?: string;
  /** The bytes daprd published: normally a CloudEvent in JSON. */
  body: string;
};

/** What `list` shows of a dead letter. */
export type DeadLetter = {
  topic: Topic;
  ref: string;
  eventId: string | null;
  type: string;
  /** The event's own time (`occurredAt`), else the CloudEvent's. */
  occurredAt: string | null;
  deadLetteredAt: string | null;
  reason: string;
  /** Replaying cannot help: the event breaks its contract, every consumer drops it again. */
  breaksContract: boolean;
  cloudEvent: CloudEvent | null;
};

const DAPR_DEFAULT_TYPE = 'com.dapr.event.sent';

/**
 * Reads a stored message. `failures` maps an eventId to the last error a consumer logged for it
 * (logs.ts), when a log was given.
 */
export function describe(
  topic: Topic,
  stored: StoredLetter,
  failures = new Map<string, string>(),
): DeadLetter {
  let cloudEvent: CloudEvent | null = null;
  try {
    const parsed: unknown = JSON.parse(stored.body);
    if (parsed && typeof parsed === 'object') cloudEvent = parsed as CloudEvent;
  } catch {
    // not JSON: shown as such below
  }
  const data = (cloudEvent?.data ?? null) as { eventId?: unknown; occurredAt?: unknown } | null;
  const eventId = typeof data?.eventId === 'string' ? data.eventId : null;
  const checked = Topics[topic].safeParse(cloudEvent?.data);
  const problems = checked.success
    ? []
    : checked.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`);
  let reason: string;
  if (!cloudEvent) reason = 'not a CloudEvent in JSON: no consumer could read it';
  else if (problems.length) reason = `breaks its contract (${problems.join('; ')}): consumers drop it`;
  else if (eventId && failures.has(eventId)) reason = `handler failed: ${failures.get(eventId)}`;
  else
    reason =
      'a consumer failed on every delivery (the retries of components/resiliency.yaml); its log names the eventId';
  return {
    topic,
    ref: stored.ref,
    eventId,
    type: cloudEvent?.type && cloudEvent.type !== DAPR_DEFAULT_TYPE ? cloudEvent.type : topic,
    occurredAt:
      typeof data?.occurredAt === 'string'
        ? data.occurredAt
        : typeof cloudEvent?.time === 'string'
          ? cloudEvent.time
          : null,
    deadLetteredAt: stored.storedAt ?? null,
    reason,
    breaksContract: !cloudEvent || problems.length > 0,
    cloudEvent,
  };
}

/** The topics a name stands for: one of the contract's topics (or its `.dlq`), or all of them. */
export function topicsNamed(name?: string): Topic[] {
  if (name === undefined) return Object.keys(Topics) as Topic[];
  const topic = name.endsWith('.dlq') ? name.slice(0, -'.dlq'.length) : name;
  if (!isTopic(topic))
    throw new UsageError(`unknown topic '${name}'; topics: ${Object.keys(Topics).join(', ')}`);
  return [topic];
}

export { deadLetterTopic };

/** A mistake in the command line: printed without a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}
