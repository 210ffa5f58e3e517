import { parseArgs } from '../src/main';
import { BEGIN, chart, END, markdown, spliceGenerated, type BenchReport, type Row } from '../src/report';
import { latencyOf, percentile } from '../src/stats';

const row = (over: Partial<Row>): Row => ({
  group: 'catalog',
  scenario: 'catalog list',
  load: 'flat out, 20 connections',
  throughput: 100,
  unit: 'req/s',
  p50: 5,
  p90: 8,
  p95: 9,
  p99: 12,
  requests: 1000,
  failures: 0,
  ...over,
});

const report = (rows: Row[]): BenchReport => ({
  date: '2026-12-01T02:00:00.000Z',
  revision: { commit: 'abc123', dirty: false, branch: 'main' },
  machine: { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, os: 'Linux', loadAverage: [1, 1, 1] },
  versions: { daprd: '1.16.0', node: 'v20', ferretdb: 'v1.24.2', postgres: '15' },
  options: { quick: false, only: null, shoppers: 50, reusedStack: false },
  floorPayloadBytes: 4400,
  catalogSize: 284,
  rows,
  shopMix: [],
  bursts: null,
  lighthouse: null,
  memory: null,
  durationS: 500,
});

describe('percentiles', () => {
  it('are nearest-rank over the samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(latencyOf(samples)).toEqual({ p50: 50, p90: 90, p95: 95, p99: 99, max: 100 });
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('performance.md', () => {
  const generated = markdown(
    report([
      row({ group: 'floor', scenario: 'floor', throughput: 2000 }),
      row({ throughput: 500 }),
      row({ load: '500 req/s', throughput: 480 }),
    ]),
    'performance.svg',
    'performance.json',
  );

  it('shows the catalog as a share of the floor measured in the same run', () => {
    expect(generated).toContain('| catalog list | flat out, 20 connections | 500 req/s |');
    expect(generated).toMatch(/\| 25 % \|/);
    expect(generated).toContain('Test CPU');
    expect(generated).toContain('![Throughput and p95 latency per scenario](performance.svg)');
  });

  it('replaces only what lies between the markers, keeping hand-written sections', () => {
    const existing = `# Performance\n\nintro\n\n${BEGIN}\nold figures\n${END}\n\n## Where the time went\n\nby hand\n`;
    const next = spliceGenerated(existing, `${BEGIN}\nnew figures\n${END}`);
    expect(next).toBe(
      `# Performance\n\nintro\n\n${BEGIN}\nnew figures\n${END}\n\n## Where the time went\n\nby hand\n`,
    );
  });

  it('appends the generated part to a file without markers, and creates a missing file', () => {
    expect(spliceGenerated('# Notes\n', 'X')).toBe('# Notes\n\nX\n');
    expect(spliceGenerated(null, 'X')).toContain('# Performance');
  });
});

describe('the chart', () => {
  it('has one labelled bar per row in each panel', () => {
    const svg = chart([row({}), row({ scenario: 'a <b>', throughput: 0.5, p95: NaN })], 'title');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(4);
    expect(svg).toContain('a &lt;b&gt;');
  });
});

describe('command line', () => {
  it('knows its scenarios and defaults', () => {
    expect(parseArgs([])).toMatchObject({ only: null, quick: false, shoppers: 50 });
    expect(parseArgs(['--quick', '--only', 'floor,catalog'])).toMatchObject({
      only: ['floor', 'catalog'],
      shoppers: 10,
    });
    expect(() => parseArgs(['--only', 'nope'])).toThrow(/unknown scenario/);
    expect(parseArgs(['--seed-large']).seedLarge).toBe(true);
  });
});

describe('data growth', () => {
  const seed = {
    products: 10_000,
    orders: 100_000,
    seconds: 150,
    counts: { 'orders.orders': 100_000, 'catalog.products': 10_240 },
    reconciliation: {
      ok: true,
      stockMismatches: 0,
      unitsCommitted: 5,
      unitsOrdered: 5,
      paymentMismatches: 0,
    },
  };

  it('shows each figure after the seed as a share of the same scenario before it', () => {
    const before = report([row({ throughput: 400, p99: 20 }), row({ load: '500 req/s', throughput: 500 })]);
    const md = markdown(
      {
        ...before,
        dataGrowth: {
          seed,
          catalogSize: 10_240,
          rows: [row({ throughput: 300, p99: 30 }), row({ load: '500 req/s', throughput: 490, p99: 12 })],
          shopMix: [],
        },
      },
      'performance.svg',
      'performance.json',
    );
    expect(md).toContain('### Data growth');
    expect(md).toContain(
      '| catalog list | flat out, 20 connections | 300 req/s | 75 % | 5.00 | 30.0 | 150 % | 0 / 1000 |',
    );
    expect(md).toContain('| catalog list | 500 req/s | 490 req/s | 98 % | 5.00 | 12.0 | 100 % | 0 / 1000 |');
    expect(md).toContain('orders.orders 100,000');
    expect(md).toContain('Reconciliation after seeding: exact');
  });

  it('says when it was not measured', () => {
    expect(markdown(report([row({})]), 'a.svg', 'a.json')).toMatch(/Data growth\n\nNot measured in this run/);
  });
});
