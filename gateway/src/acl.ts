import { SERVICES, type ServiceId } from './config';
import { ROUTES, type PublicRoute } from './routes/table';

/**
 * What the gateway's sidecar may invoke on each service, generated from the route table:
 * each route's service path (`target`) with its parameters turned into wildcards, and its
 * method. `npm run acl -w gateway` writes it into `components/config/<app>.yaml`; a unit test
 * fails when a committed file is stale, so the table and the access policy cannot drift.
 *
 * How daprd 1.16 matches an operation (read in pkg/config/acl_trie.go and pkg/acl/acl.go):
 * the path (never the query string) is lower-cased, normalized (dot segments removed) and
 * walked segment by segment through a tree of the configured names, without backtracking;
 * at each level the first child in file order that matches wins. A literal matches itself,
 * and a name that ends in a literal also matches every path below it (`/payments` matches
 * `/payments/order/1/refund`); `*` matches one segment, only as the last one; `**` matches
 * any number of segments when it ends a name, and exactly one when more follow. A path that
 * ends on a node with no name of its own takes that node's `*` child. An operation that
 * matches takes the action of its verb (else of `*`), otherwise the policy's `defaultAction`.
 * Two names that end on the same node keep only the first, so each is written once with all
 * its verbs. Hence the rules below: a parameter is `*` at the end and `**` in the middle; a
 * literal name that other names continue (`/orders` → `/orders/all`) is written as `/orders/*`
 * (which covers `/orders` and one segment below it, never deeper); and names are sorted so
 * that at every level literals come before `*`, and `*` before `**`.
 */
export type Operation = { name: string; httpVerb: string[]; action: 'allow' | 'deny' };

/** The system health route asks every service for its readiness. */
const SYSTEM_CALLS = SERVICES.map((app) => ({ app, method: 'GET', path: 'readyz' }));

const WILD = '\u0000';

/**
 * The service paths a route can produce. Targets only pass values through (and the product
 * route picks by-id or by-slug from the value's shape), so evaluating each with placeholders
 * shaped as an ObjectId and as a slug gives every path it can build.
 */
function targetsOf(route: PublicRoute): string[] {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  if (route.guestCart) names.push('guestId');
  const shapes = [
    (i: number) => `${'f'.repeat(22)}${String(i).padStart(2, '0')}`,
    (i: number) => `slug-${i}`,
  ];
  const found = new Set<string>();
  for (const shape of shapes) {
    const values = new Map<string, string>();
    const params = Object.fromEntries(names.map((name, i) => [name, shape(i)]));
    names.forEach((name) => values.set(params[name]!, name));
    const me = shape(names.length);
    values.set(me, 'me');
    const path = route.target(params, route.access === 'anonymous' ? null : { userId: me, role: 'customer' });
    found.add(
      path
        .split('/')
        .map((s) => (values.has(s) ? WILD : s))
        .join('/'),
    );
  }
  return [...found];
}

const rank = (segment: string) => (segment === '*' ? 1 : segment === '**' ? 2 : 0);

function compareNames(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const byRank = rank(x[i]!) - rank(y[i]!);
    if (byRank !== 0) return byRank;
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}

/** The operations the gateway may invoke on `app`, sorted as daprd needs them. */
export function gatewayOperations(app: ServiceId, routes: PublicRoute[] = ROUTES): Operation[] {
  const verbs = new Map<string, Set<string>>();
  const calls = [
    ...routes
      .filter((r) => r.app === app)
      .flatMap((r) => targetsOf(r).map((path) => ({ method: r.method, path }))),
    ...SYSTEM_CALLS.filter((c) => c.app === app),
  ];
  for (const { method, path } of calls) {
    const segments = path.replace(/^\//, '').split('/');
    const name =
      '/' +
      segments
        .map((s, i) => (s === WILD ? (i === segments.length - 1 ? '*' : '**') : s.toLowerCase()))
        .join('/');
    if (!verbs.has(name)) verbs.set(name, new Set());
    verbs.get(name)!.add(method);
  }
  // A literal name that is a prefix of another would match all of it: move it onto its `*`.
  for (const [name, methods] of [...verbs]) {
    const last = name.split('/').at(-1)!;
    if (rank(last) > 0 || ![...verbs.keys()].some((other) => other.startsWith(`${name}/`))) continue;
    verbs.delete(name);
    const star = `${name}/*`;
    verbs.set(star, new Set([...(verbs.get(star) ?? []), ...methods]));
  }
  return [...verbs]
    .sort(([a], [b]) => compareNames(a, b))
    .map(([name, methods]) => ({ name, httpVerb: [...methods].sort(), action: 'allow' }));
}

/** Pub/sub delivery is not invocation: nobody may call a service's event handlers. */
export const EVENTS_DENIED: Operation = { name: '/events/**', httpVerb: ['*'], action: 'deny' };

export const BEGIN = '# BEGIN generated by `npm run acl -w gateway` from gateway/src/routes/table.ts';
export const END = '# END generated';

/** The gateway's policy, as the YAML lines that sit under `policies:` in a service's Configuration. */
export function renderGatewayPolicy(app: ServiceId, routes: PublicRoute[] = ROUTES): string {
  const op = (o: Operation) =>
    `          - { name: ${o.name}, httpVerb: [${o.httpVerb.map((v) => `'${v}'`).join(', ')}], action: ${o.action} }`;
  return [
    `      ${BEGIN}`,
    '      - appId: gateway',
    '        defaultAction: deny',
    '        trustDomain: public',
    '        namespace: default',
    '        operations:',
    op(EVENTS_DENIED),
    ...gatewayOperations(app, routes).map(op),
    `      ${END}`,
  ].join('\n');
}

/** Replaces the generated block of a Configuration file's text (it must have one). */
export function spliceGatewayPolicy(file: string, app: ServiceId, routes: PublicRoute[] = ROUTES): string {
  const start = file.indexOf(BEGIN);
  const end = file.indexOf(END, start);
  if (start < 0 || end < 0)
    throw new Error(`components/config/${app}.yaml has no generated gateway policy block`);
  const lineStart = file.lastIndexOf('\n', start) + 1;
  return file.slice(0, lineStart) + renderGatewayPolicy(app, routes) + file.slice(end + END.length);
}
