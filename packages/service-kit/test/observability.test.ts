/**
 * The Grafana dashboard and the Prometheus alert rules in deploy/observability/ parse, and every
 * metric they name is one the apps register: service-kit's registry (requests, outbox, Node's
 * own) and the `sidecart_*` metrics the services declare in their sources.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createLogger, metrics, observeOutbox } from '../src';

const ROOT = path.resolve(__dirname, '../../..');
const DIR = path.join(ROOT, 'deploy/observability');

/** Named by the files, registered elsewhere: by the dead-letter reader, and by Prometheus itself. */
const EXTERNAL = new Map([
  [
    'sidecart_dead_letter_events',
    'the dead-letter reader (npm run dlq -- metrics; packages/dlq/test/metrics.test.ts)',
  ],
  ['up', 'Prometheus, for every scrape'],
]);

const HISTOGRAM_SERIES = ['_bucket', '_sum', '_count'];

/** Every series name an app can export: a histogram `h` exports h_bucket, h_sum and h_count. */
async function registeredSeries(): Promise<Set<string>> {
  const series = new Set<string>();
  const add = (name: string, type: string) => {
    if (type === 'histogram') for (const suffix of HISTOGRAM_SERIES) series.add(name + suffix);
    else series.add(name);
  };
  // The outbox gauges are registered once an app observes its outbox (every service with one does).
  observeOutbox(async () => ({ pending: 0, oldestSeconds: 0 }), createLogger('test'))();
  for (const metric of await metrics.getMetricsAsJSON()) add(metric.name, String(metric.type));
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(file);
      return entry.name.endsWith('.ts') ? [file] : [];
    });
  const declared = /new (Counter|Gauge|Histogram)\(\{\s*name: '([a-zA-Z_:][\w:]*)'/g;
  for (const dir of [
    'gateway/src',
    // The TypeScript services (the Go service registers its own metrics and is not on this dashboard).
    ...fs
      .readdirSync(path.join(ROOT, 'services'))
      .map((s) => `services/${s}/src`)
      .filter((dir) => fs.existsSync(path.join(ROOT, dir))),
  ])
    for (const file of sources(path.join(ROOT, dir)))
      for (const [, kind = '', name = ''] of fs.readFileSync(file, 'utf8').matchAll(declared))
        add(name, kind.toLowerCase());
  return series;
}

const PROMQL_WORDS = new Set(
  [
    'sum avg min max count count_values stddev stdvar topk bottomk quantile group',
    'rate irate increase delta idelta deriv predict_linear resets changes',
    'avg_over_time min_over_time max_over_time sum_over_time count_over_time last_over_time',
    'histogram_quantile abs ceil floor round clamp clamp_min clamp_max absent absent_over_time',
    'time vector scalar sort sort_desc label_replace label_join timestamp',
    'by without on ignoring group_left group_right bool and or unless offset',
  ]
    .join(' ')
    .split(' '),
);

/** The metric names of a PromQL expression: its identifiers outside label matchers and groupings. */
function metricsOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""') // strings
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '') // label lists
    .replace(/\b\d+(\.\d+)?([eE][+-]?\d+)?[smhdwy]?\b/g, ''); // numbers and durations
  return [...bare.matchAll(/[a-zA-Z_:][\w:]*/g)].map((m) => m[0]).filter((w) => !PROMQL_WORDS.has(w));
}

/** Parentheses, brackets and braces close in order. */
function balanced(expr: string): boolean {
  const open: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const ch of expr.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if ('([{'.includes(ch)) open.push(ch);
    else if (ch in pairs && open.pop() !== pairs[ch]) return false;
  }
  return open.length === 0;
}

type Panel = { title?: string; type?: string; targets?: { expr?: string }[]; panels?: Panel[] };
const dashboard = JSON.parse(fs.readFileSync(path.join(DIR, 'grafana-dashboard.json'), 'utf8')) as {
  title?: string;
  uid?: string;
  panels?: Panel[];
};
type Rule = {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
const rules = YAML.parse(fs.readFileSync(path.join(DIR, 'alerts.yaml'), 'utf8')) as {
  groups?: { name?: string; rules?: Rule[] }[];
};

const panelExprs = (dashboard.panels ?? [])
  .flatMap((p) => [p, ...(p.panels ?? [])])
  .flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr ?? '' })));
const ruleExprs = (rules.groups ?? []).flatMap((g) =>
  (g.rules ?? []).map((r) => ({ where: `alert ${r.alert}`, expr: String(r.expr ?? '') })),
);

describe('deploy/observability', () => {
  it('the dashboard is a Grafana dashboard with a query on every panel', () => {
    expect(dashboard).toMatchObject({ title: 'Sidecart', uid: expect.any(String) });
    const graphs = (dashboard.panels ?? []).filter((p) => p.type !== 'row');
    expect(graphs.length).toBeGreaterThanOrEqual(10);
    for (const panel of graphs)
      expect({ panel: panel.title, queries: panel.targets?.length ?? 0 }).toEqual({
        panel: panel.title,
        queries: expect.any(Number),
      });
    expect(panelExprs.every(({ expr }) => expr.trim().length > 0)).toBe(true);
  });

  it('every alert rule has a name, an expression, a duration, a severity and a summary', () => {
    const all = (rules.groups ?? []).flatMap((g) => g.rules ?? []);
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const rule of all)
      expect(rule).toMatchObject({
        alert: expect.stringMatching(/^Sidecart[A-Za-z]+$/),
        expr: expect.any(String),
        for: expect.stringMatching(/^\d+[smh]$/),
        labels: { severity: expect.stringMatching(/^(page|ticket)$/) },
        annotations: { summary: expect.any(String) },
      });
    // The rules the operations need: outbox age, dead letters, stuck sagas, error rates.
    const exprs = all.map((r) => r.expr).join('\n');
    for (const metric of [
      'sidecart_outbox_oldest_pending_age_seconds',
      'sidecart_dead_letter_events',
      'sidecart_order_sagas_overdue',
      'http_server_request_duration_seconds_count',
    ])
      expect(exprs).toContain(metric);
  });

  it('names only metrics the apps register (or the few registered elsewhere, said so)', async () => {
    const registered = await registeredSeries();
    const unknown: string[] = [];
    for (const { where, expr } of [...panelExprs, ...ruleExprs]) {
      expect({ where, balanced: balanced(expr) }).toEqual({ where, balanced: true });
      const names = metricsOf(expr);
      expect({ where, names: names.length > 0 }).toEqual({ where, names: true });
      for (const name of names)
        if (!registered.has(name) && !EXTERNAL.has(name)) unknown.push(`${where}: ${name}`);
    }
    expect(unknown).toEqual([]);
  });

  it('reads metric names out of PromQL, and only them', () => {
    expect(
      metricsOf(
        'histogram_quantile(0.95, sum by (job, le) (rate(http_server_request_duration_seconds_bucket{status=~"5.."}[5m]))) > 0.5',
      ),
    ).toEqual(['http_server_request_duration_seconds_bucket']);
    expect(metricsOf('sidecart_a != sidecart_a or on (job) up == 0')).toEqual([
      'sidecart_a',
      'sidecart_a',
      'up',
    ]);
    expect(balanced('sum(rate(x[5m])')).toBe(false);
  });
});
