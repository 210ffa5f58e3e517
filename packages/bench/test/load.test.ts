import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { runLoad } from '../src/load';

/** A server that notes when each request arrived and answers after `delayMs`. */
async function server(delayMs: number) {
  const arrivals: number[] = [];
  const srv = http.createServer((req, res) => {
    arrivals.push(performance.now());
    setTimeout(() => res.end(req.url), delayMs);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, arrivals, close: () => new Promise((r) => srv.close(r)) };
}

describe('the fixed-rate load (runLoad with a rate)', () => {
  it('spreads the requests over each second instead of sending them at once', async () => {
    const srv = await server(5);
    try {
      const run = await runLoad({
        origin: srv.origin,
        path: () => '/x',
        connections: 50,
        durationS: 1,
        rate: 200,
      });
      expect(run.requests).toBe(200);
      expect(run.statuses).toEqual({ 200: 200 });
      // Evenly spaced, 200 req/s is one request every 5 ms: a 50 ms window holds about 10.
      // Sent as autocannon's overallRate sends them, all 200 would arrive in the first few ms.
      const busiest = Math.max(
        ...srv.arrivals.map((t) => srv.arrivals.filter((u) => u >= t && u < t + 50).length),
      );
      expect(busiest).toBeLessThanOrEqual(50); // ~10 when the machine is quiet; a loaded one delays timers
      const spread = srv.arrivals.at(-1)! - srv.arrivals[0]!;
      expect(spread).toBeGreaterThan(900);
    } finally {
      await srv.close();
    }
  });

  it('counts a slow answer from when its request was due, with the requests it held up', async () => {
    const srv = await server(100);
    try {
      // One connection at 50 req/s and 100 ms answers: the requests queue behind each other, so
      // latencies counted from the send would stay near 100 ms; from when each was due they grow.
      const run = await runLoad({
        origin: srv.origin,
        path: () => '/x',
        connections: 1,
        durationS: 1,
        rate: 50,
      });
      expect(run.requests).toBe(50);
      expect(run.latency.p99).toBeGreaterThan(1000);
    } finally {
      await srv.close();
    }
  });
});
