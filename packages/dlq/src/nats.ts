import { randomBytes } from 'node:crypto';
import net from 'node:net';

/**
 * Just enough of the NATS client protocol for JetStream's API, which is request/reply on
 * `$JS.API.*` subjects with JSON bodies: CONNECT, one inbox subscription, PUB with a reply
 * subject, and MSG frames back. One request at a time.
 */
export class NatsConnection {
  private buffer = Buffer.alloc(0);
  private waiting: { resolve: (v: unknown) => void; reject: (e: Error) => void } | undefined;
  private readonly inbox = `_INBOX.${randomBytes(8).toString('hex')}`;

  private constructor(private readonly socket: net.Socket) {}

  static open(url: string, token?: string): Promise<NatsConnection> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port || 4222), hostname || 'localhost');
      const nats = new NatsConnection(socket);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`NATS at ${url} did not answer within 5 s`));
      }, 5000);
      let greeted = false;
      socket.on('error', (err) => {
        clearTimeout(timer);
        if (!greeted) reject(err);
        nats.waiting?.reject(err);
      });
      socket.on('data', (chunk) => {
        nats.buffer = Buffer.concat([nats.buffer, chunk]);
        if (!greeted && nats.buffer.toString('latin1').includes('\r\n')) {
          greeted = true;
          clearTimeout(timer);
          nats.buffer = nats.buffer.subarray(nats.buffer.indexOf('\r\n') + 2);
          const connect = {
            verbose: false,
            pedantic: false,
            name: 'sidecart-dlq',
            ...(token ? { auth_token: token } : {}),
          };
          socket.write(`CONNECT ${JSON.stringify(connect)}\r\nSUB ${nats.inbox} 1\r\n`);
          resolve(nats);
        }
        nats.drain();
      });
    });
  }

  /** Reads whole frames from the buffer: answers PING, hands a MSG body to the waiting request. */
  private drain() {
    for (;;) {
      // latin1 keeps one character per byte, so string offsets are byte offsets.
      const text = this.buffer.toString('latin1');
      const eol = text.indexOf('\r\n');
      if (eol < 0) return;
      const line = text.slice(0, eol);
      if (line === 'PING') {
        this.socket.write('PONG\r\n');
        this.buffer = this.buffer.subarray(eol + 2);
        continue;
      }
      const msg = /^MSG \S+ \S+ (?:\S+ )?(\d+)$/.exec(line);
      if (msg) {
        const length = Number(msg[1]);
        if (this.buffer.length < eol + 2 + length + 2) return;
        const body = this.buffer.subarray(eol + 2, eol + 2 + length).toString('utf8');
        this.buffer = this.buffer.subarray(eol + 2 + length + 2);
        const waiting = this.waiting;
        this.waiting = undefined;
        try {
          waiting?.resolve(JSON.parse(body));
        } catch (err) {
          waiting?.reject(err as Error);
        }
        continue;
      }
      if (line.startsWith('-ERR')) this.waiting?.reject(new Error(`NATS: ${line}`));
      this.buffer = this.buffer.subarray(eol + 2);
    }
  }

  request(subject: string, body: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`NATS did not answer ${subject} within 5 s`)), 5000);
      this.waiting = {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.socket.write(`PUB ${subject} ${this.inbox} ${Buffer.byteLength(body)}\r\n${body}\r\n`);
    });
  }

  close() {
    this.socket.destroy();
  }
}
