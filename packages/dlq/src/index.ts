import type { Topic } from '@sidecart/contracts';
import { profile, readComponent, type Profile } from './component';
import { describe, topicsNamed, UsageError, type DeadLetter } from './dead-letter';
import { failuresIn } from './logs';
import { producerOf, republish } from './sidecar';
import { storeFor, type DeadLetterStore } from './stores';

export { profile, readComponent } from './component';
export { describe, topicsNamed, UsageError, type DeadLetter } from './dead-letter';
export { UnsupportedBroker } from './stores';

export type ListResult = { topic: Topic; where: string; letters: DeadLetter[] }[];

async function withStore<T>(p: Profile, use: (store: DeadLetterStore) => Promise<T>): Promise<T> {
  const store = storeFor(readComponent(p));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** The dead letters of one topic, or of every topic of the contracts. Takes nothing away. */
export function list(
  options: { topic?: string; logs?: string[]; profile?: Profile } = {},
): Promise<ListResult> {
  const topics = topicsNamed(options.topic);
  const p = options.profile ?? profile();
  const failures = failuresIn(options.logs ?? []);
  return withStore(p, async (store) => {
    const result: ListResult = [];
    for (const topic of topics) {
      const letters = (await store.read(topic)).map((s) => describe(topic, s, failures));
      result.push({ topic, where: store.where(topic), letters });
    }
    return result;
  });
}

export type ReplayResult = {
  topic: Topic;
  via: string;
  /** eventIds (or CloudEvent ids) published again, one each however often it was dead-lettered. */
  replayed: string[];
  /** Left in place: they break their contract, so every consumer would drop them again. */
  skipped: DeadLetter[];
  removed: number;
};

/**
 * Publishes the dead letters of `topic` (only those of `eventId`, when given) again through the
 * sidecar of the app that announces the topic, once per event, then removes them from the
 * dead-letter store unless `keep`. An event the broker dead-lettered twice (a redelivery that
 * also ran out of retries) is published once.
 */
export function replay(options: {
  topic: string;
  eventId?: string;
  keep?: boolean;
  via?: string;
  profile?: Profile;
}): Promise<ReplayResult> {
  const [topic] = topicsNamed(options.topic) as [Topic];
  const p = options.profile ?? profile();
  const via = options.via ?? producerOf(topic);
  return withStore(p, async (store) => {
    const all = (await store.read(topic)).map((s) => describe(topic, s));
    const chosen = options.eventId ? all.filter((l) => l.eventId === options.eventId) : all;
    if (options.eventId && chosen.length === 0)
      throw new UsageError(
        `no dead letter of ${topic} has eventId ${options.eventId} (${store.where(topic)})`,
      );
    const skipped = chosen.filter((l) => l.breaksContract);
    const groups = new Map<string, DeadLetter[]>();
    for (const letter of chosen.filter((l) => !l.breaksContract)) {
      const key = letter.eventId ?? letter.cloudEvent?.id ?? letter.ref;
      groups.set(key, [...(groups.get(key) ?? []), letter]);
    }
    const done: string[] = [];
    for (const letters of groups.values()) {
      await republish(p, topic, letters[0]!.cloudEvent!, via);
      done.push(...letters.map((l) => l.ref));
    }
    if (!options.keep) await store.remove(topic, done);
    return { topic, via, replayed: [...groups.keys()], skipped, removed: options.keep ? 0 : done.length };
  });
}
