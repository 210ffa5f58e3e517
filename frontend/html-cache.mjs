// The signed-out catalog pages' HTML, held in memory by server.mjs for a few seconds.
//
// Why a second layer in front of Next's page cache: a page Next serves from its cache still costs
// 2.2–3.1 ms of CPU per request in Next's request pipeline (routing, tracing, the response cache;
// measured with a CPU profile of server.mjs under autocannon), which caps one Node process near
// 300 requests/s before the load generator and the rest of the stack take their share of the two
// cores. Answering from this map costs a fraction of that. Only full-page GETs and HEADs are held:
// the client router's requests (RSC payloads, which vary by request headers) go to Next, whose page
// cache answers them.
//
// Freshness: an entry is fetched from Next (over loopback, as any client would) and served for at
// most HOLD_MS after that fetch; app/signed-out/layout.tsx adds up the whole bound.
import { request } from 'node:http';

/** How long one fetched page is served. Part of the freshness bound stated in app/signed-out/layout.tsx. */
export const HOLD_MS = 5_000;
/** At most this many pages (about 20 KB each) are held; the oldest is dropped first. */
const MAX_ENTRIES = 2_000;
/** Headers that describe one connection, not the page. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

/**
 * @typedef {{ status: number, headers: Record<string, string | string[]>, body: Buffer, at: number }} Entry
 * @param {{ port: number, host: string, holdMs?: number }} next where Next itself listens (this
 *   same server), and how long a page is held (HOLD_MS unless a test says otherwise)
 */
export function htmlCache({ port, host, holdMs = HOLD_MS }) {
  /** @type {Map<string, Entry>} */
  const entries = new Map();
  /** @type {Map<string, Promise<Entry>>} */
  const pending = new Map();

  /** @returns {Promise<Entry>} */
  function fetchPage(path, gzip) {
    return new Promise((resolve, reject) => {
      const req = request(
        { host, port, path, headers: gzip ? { 'accept-encoding': 'gzip' } : {}, agent: false },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            /** @type {Record<string, string | string[]>} */
            const headers = {};
            for (const [name, value] of Object.entries(res.headers))
              if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
            const body = Buffer.concat(chunks);
            headers['content-length'] = String(body.length);
            resolve({ status: res.statusCode ?? 500, headers, body, at: Date.now() });
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  /** @returns {Promise<Entry>} */
  async function get(path, gzip) {
    const key = `${gzip ? 'gzip' : 'identity'} ${path}`;
    const held = entries.get(key);
    if (held && Date.now() - held.at < holdMs) return held;
    let fetching = pending.get(key);
    if (!fetching) {
      // Concurrent misses on one page share one fetch.
      fetching = fetchPage(path, gzip).finally(() => pending.delete(key));
      pending.set(key, fetching);
      const entry = await fetching;
      entries.delete(key);
      if (entry.status === 200) {
        entries.set(key, entry);
        if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value);
      }
      return entry;
    }
    return fetching;
  }

  /**
   * Answers a full-page request for the cached page at `path`; false when the request is not one
   * this cache may answer (the caller hands it to Next).
   *
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} path
   */
  return async function serve(req, res, path) {
    if (req.headers.rsc !== undefined || path.includes('_rsc=')) return false;
    for (const name of Object.keys(req.headers)) if (name.startsWith('next-')) return false;
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    let entry;
    try {
      entry = await get(path, gzip);
    } catch {
      return false;
    }
    res.writeHead(entry.status, entry.headers);
    res.end(req.method === 'HEAD' ? undefined : entry.body);
    return true;
  };
}
