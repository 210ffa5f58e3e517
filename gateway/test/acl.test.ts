import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENTS_DENIED, gatewayOperations, spliceGatewayPolicy, type Operation } from '../src/acl';
import { SERVICES } from '../src/config';
import { ROUTES } from '../src/routes/table';

/**
 * A model of how daprd 1.16 decides an invocation against one caller's operations
 * (pkg/config/acl_trie.go, pkg/acl/acl.go), written from reading the source: the tree of
 * names walked without backtracking, first matching child in file order, literal names
 * matching as prefixes, `*` only as a last segment, `**` greedy at the end and single in
 * the middle, and a path ending on a nameless node taking that node's `*` child.
 */
type Node = { seg: string; op?: Operation; children: Node[] };

function tree(operations: Operation[]): Node {
  const root: Node = { seg: '', children: [] };
  for (const op of operations) {
    const segs = op.name.toLowerCase().split('/').slice(1);
    let node = root;
    segs.forEach((seg, i) => {
      let child = node.children.find((c) => c.seg === seg);
      if (!child) node.children.push((child = { seg, children: [] }));
      if (i === segs.length - 1) child.op ??= op;
      node = child;
    });
  }
  return root;
}

const glob = (seg: string, pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
      .join('.*')}$`,
  ).test(seg);

function pick(children: Node[], seg: string, isEnd: boolean): Node | undefined {
  for (const c of children) {
    if (c.seg === seg) return c;
    if (c.seg === '*') {
      if (isEnd) return c;
      continue;
    }
    if (c.seg === '**') return c;
    if (glob(seg, c.seg)) return c;
  }
  return undefined;
}

function find(root: Node, operation: string): Operation | undefined {
  const segs = operation.toLowerCase().split('/').slice(1);
  let node: Node | undefined = root;
  for (let i = 0; i < segs.length; i++) {
    const isEnd = i === segs.length - 1;
    node = pick(node.children, segs[i]!, isEnd);
    if (!node) return undefined;
    if (node.op) {
      if (!isEnd && node.seg === '*') continue;
      return node.op;
    }
    if (isEnd) {
      const star = pick(node.children, '*', true);
      return star?.op;
    }
  }
  return undefined;
}

const allows = (operations: Operation[], method: string, path: string) => {
  const op = find(tree(operations), `/${path.split('?')[0]!.replace(/^\//, '')}`);
  if (!op) return false; // the policy's defaultAction: deny
  return op.httpVerb.includes(method) || op.httpVerb.includes('*') ? op.action === 'allow' : false;
};

const gatewayPolicy = (app: (typeof SERVICES)[number]) => [EVENTS_DENIED, ...gatewayOperations(app)];

const ID = '6b065900492b27f54e76c9d7';
const UUID = '0190d3f2-1c2b-7cde-8f00-0123456789ab';
const sample: Record<string, string[]> = {
  id: [ID, UUID, 'blue-mug'],
  addressId: [UUID],
  name: ['0123456789abcdef-640.webp', '0123456789abcdef.svg'],
};

describe('the gateway’s access policy, generated from the route table', () => {
  it.each(SERVICES)('components/config/%s.yaml is up to date (npm run acl -w gateway)', (app) => {
    const file = readFileSync(
      path.join(__dirname, '..', '..', 'components', 'config', `${app}.yaml`),
      'utf8',
    );
    expect(spliceGatewayPolicy(file, app)).toBe(file);
  });

  it('allows every route of the table, with its method, to its service', () => {
    for (const route of ROUTES) {
      const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const variants = names.length === 0 ? [{}] : sample[names[0]!]!.map((v) => ({ [names[0]!]: v }));
      for (const params of variants) {
        const target = route.target(params, { userId: ID, role: 'customer' });
        expect([route.method, target, allows(gatewayPolicy(route.app), route.method, target)]).toEqual([
          route.method,
          target,
          true,
        ]);
      }
    }
    for (const app of SERVICES) expect(allows(gatewayPolicy(app), 'GET', 'readyz')).toBe(true);
  });

  // Every path a service serves outside the table. (A path below a name that ends in a literal,
  // e.g. `products/<id>/archive/x`, passes daprd's prefix match; no service serves one.)
  it.each([
    ['order', 'POST', 'events/payment.succeeded'],
    ['customer', 'POST', 'events/order.confirmed'],
    ['payment', 'POST', 'payments'],
    ['payment', 'POST', `payments/order/${UUID}/refund`],
    ['product', 'GET', `reservations/${UUID}`],
    ['product', 'POST', `products/${ID}/stock`],
    ['product', 'GET', `products/${ID}/x`],
    ['product', 'DELETE', `products/${ID}`],
    ['order', 'GET', `orders/${UUID}/cancel`],
    ['order', 'DELETE', `carts/${ID}`],
    ['order', 'GET', `carts/${ID}/x`],
    ['customer', 'GET', `customers/${ID}/addresses/${UUID}/x`],
    ['customer', 'POST', `customers/${ID}/x/password`],
    ['customer', 'GET', 'dapr/subscribe'],
    ['recommendations', 'POST', 'events/order.confirmed'],
    ['recommendations', 'GET', 'dapr/subscribe'],
    ['recommendations', 'GET', `recommendations/${ID}/x`],
  ] as const)('refuses %s %s /%s', (app, method, target) => {
    expect(allows(gatewayPolicy(app), method, target)).toBe(false);
  });

  it('the order service may open a payment and read products, nothing else', () => {
    const orderOnPayment: Operation[] = [
      EVENTS_DENIED,
      { name: '/payments/*', httpVerb: ['POST'], action: 'allow' },
    ];
    expect(allows(orderOnPayment, 'POST', 'payments')).toBe(true);
    expect(allows(orderOnPayment, 'POST', `payments/order/${UUID}/refund`)).toBe(false);
    expect(allows(orderOnPayment, 'POST', `payments/order/${UUID}/capture`)).toBe(false);
    expect(allows(orderOnPayment, 'POST', 'events/stock.reserved')).toBe(false);
    // The trap the rule avoids: a name ending in a literal matches every path below it.
    const naive: Operation[] = [{ name: '/payments', httpVerb: ['POST'], action: 'allow' }];
    expect(allows(naive, 'POST', `payments/order/${UUID}/refund`)).toBe(true);
  });
});
