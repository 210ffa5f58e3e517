// The test stack's way to its broker: a TCP link from 127.0.0.1:<port> to Redis, which the tests own
// so they can cut it without touching the machine's Redis. The `test` profile's pubsub component
// points here (SIDECART_BROKER_ADDRESS, scripts/profile.mjs); src/broker.ts starts and drives it.
//   SIGUSR1  cut: stop listening (new connections are refused) and reset every live connection
//   SIGUSR2  open again
// Usage: node broker-link.mjs <listen port> <redis host:port>
import net from 'node:net';
import { setInterval } from 'node:timers';

const [listenPort, target = '127.0.0.1:6379'] = process.argv.slice(2);
const [host, port] = target.split(':');
const live = new Set();
let server = null;

const log = (msg) => process.stdout.write(`${new Date().toISOString()} broker-link :${listenPort}: ${msg}\n`);

function open() {
  if (server) return;
  server = net.createServer((client) => {
    const upstream = net.connect({ host, port: Number(port) });
    const pair = [client, upstream];
    const drop = () => {
      for (const s of pair) {
        s.destroy();
        live.delete(s);
      }
    };
    for (const s of pair) {
      live.add(s);
      s.on('error', drop).on('close', drop);
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(Number(listenPort), '127.0.0.1', () => log(`open → ${target}`));
}

function cut() {
  if (!server) return;
  server.close();
  server = null;
  const dropped = live.size / 2;
  // RST, not FIN: the connection breaks as in a network fault.
  for (const s of live) s.resetAndDestroy();
  live.clear();
  log(`cut (${dropped} live connections reset)`);
}

process.on('SIGUSR1', cut);
process.on('SIGUSR2', open);
process.on('SIGTERM', () => process.exit(0));
// While cut, nothing else keeps the process alive: it waits for SIGUSR2.
setInterval(() => undefined, 60_000);
open();
