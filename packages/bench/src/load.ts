import autocannon from 'autocannon';
import { latencyOf, Tally, type Latency } from './stats';

/** One HTTP load run (autocannon), with every response's latency kept for exact percentiles. */
export type LoadRun = {
  /** Connections kept open; each has at most one request in flight. */
  connections: number;
  /** Requests per second over all connections, or flat out when absent. */
  rate: number | null;
  durationS: number;
  requests: number;
  /** 2xx answers per second over the run. */
  throughput: number;
  latency: Latency;
  statuses: Record<string, number>;
  /** Connection errors and timeouts (no HTTP answer). */
  errors: number;
  bytesPerResponse: number;
};

export type LoadSpec = {
  /** Origin, e.g. http://127.0.0.1:8080 */
  origin: string;
  /** The path (and query) of the next request: drawn anew for every request. */
  path: () => string;
  connections: number;
  durationS: number;
  rate?: number;
  headers?: Record<string, string>;
};

export async function runLoad(spec: LoadSpec): Promise<LoadRun> {
  const latencies: number[] = [];
  const statuses = new Tally();
  let bytes = 0;
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration: spec.durationS,
        ...(spec.rate ? { overallRate: spec.rate } : {}),
        timeout: 10,
        headers: spec.headers ?? {},
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: spec.path() }) }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  instance.on('response', (_client, status, resBytes, responseTime) => {
    statuses.add(status);
    bytes += resBytes;
    if (status >= 200 && status < 300) latencies.push(responseTime);
  });
  const result = await done;
  const seconds = result.duration || spec.durationS;
  return {
    connections: spec.connections,
    rate: spec.rate ?? null,
    durationS: Math.round(seconds * 10) / 10,
    requests: statuses.total(),
    throughput: latencies.length / seconds,
    latency: latencyOf(latencies),
    statuses: statuses.counts,
    errors: result.errors, // timeouts included
    bytesPerResponse: statuses.total() ? Math.round(bytes / statuses.total()) : 0,
  };
}
