/**
 * Whether the app's sidecar took up the subscriptions the app declares. daprd 1.16 asks the
 * app's `/dapr/subscribe` once, when the app first turns healthy, and lists what it loaded in
 * its metadata API (`GET /v1.0/metadata`: `subscriptions`, and `components` for the pub/sub
 * components). It asks only once: if the app answered wrongly or not at all then, daprd runs
 * without those subscriptions until it restarts, and says so only in its log. Comparing both
 * lists finds that. (A broker that refuses a subscription daprd did load is retried by daprd
 * with backoff and shows only in its log, "Failed to start subscription"; 1.16's API has no
 * field for it.)
 */
export type DeclaredSubscription = { pubsubname: string; topic: string; route: string };

/** The parts of daprd's metadata answer read here. */
export type SidecarMetadata = {
  subscriptions?: { pubsubname?: string; topic?: string; rules?: { match?: string; path?: string }[] }[];
  components?: { name?: string; type?: string }[];
};

/** What the sidecar is missing, one line per declared subscription it does not deliver. */
export function subscriptionGaps(declared: DeclaredSubscription[], metadata: SidecarMetadata): string[] {
  const loaded = metadata.subscriptions ?? [];
  const pubsubs = new Set(
    (metadata.components ?? []).filter((c) => c.type?.startsWith('pubsub.')).map((c) => c.name),
  );
  const gaps: string[] = [];
  for (const want of declared) {
    const found = loaded.find((s) => s.pubsubname === want.pubsubname && s.topic === want.topic);
    if (!pubsubs.has(want.pubsubname)) {
      // Scoped away, or a component daprd could not initialize and skipped (`ignoreErrors`).
      gaps.push(
        `${want.topic}: the sidecar has no pub/sub component '${want.pubsubname}' (not loaded: see its log)`,
      );
    } else if (!found) {
      gaps.push(`${want.topic}: not subscribed by the sidecar`);
    } else if (!(found.rules ?? []).some((r) => !r.match && r.path === want.route)) {
      const paths = (found.rules ?? [])
        .map((r) => (r.match ? `${r.path} when ${r.match}` : r.path))
        .join(', ');
      gaps.push(`${want.topic}: delivered to ${paths || 'no route'}, not ${want.route}`);
    }
  }
  return gaps;
}
