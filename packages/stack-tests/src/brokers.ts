/**
 * What the alternative brokers hold, asked of the brokers themselves (swaps.test.ts): NATS
 * JetStream's API over the plain NATS protocol, RabbitMQ through `rabbitmqctl`, Mosquitto
 * through `mosquitto_sub`. Each answers for the machine's broker on its default port.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { eventually } from './stack';

/** True when something accepts connections on 127.0.0.1:`port` (checked synchronously). */
export function listening(port: number): boolean {
  try {
    execFileSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * One request on NATS (port 4222) and its JSON answer: JetStream's API is request/reply on
 * `$JS.API.*` subjects, e.g. `$JS.API.STREAM.INFO.<stream>`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function natsRequest(subject: string, body = ''): Promise<any> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(4222, '127.0.0.1');
    const inbox = `_INBOX.${randomBytes(8).toString('hex')}`;
    let received = Buffer.alloc(0);
    let sent = false;
    const timer = setTimeout(() => finish(new Error(`NATS did not answer ${subject} within 5 s`)), 5000);
    const finish = (err?: Error, value?: unknown) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    socket.on('error', (err) => finish(err));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      // latin1 keeps one character per byte, so string offsets are byte offsets.
      const text = received.toString('latin1');
      if (!sent && text.startsWith('INFO ')) {
        sent = true;
        socket.write(
          `CONNECT {"verbose":false,"pedantic":false,"name":"sidecart-stack-tests"}\r\n` +
            `SUB ${inbox} 1\r\nPUB ${subject} ${inbox} ${Buffer.byteLength(body)}\r\n${body}\r\n`,
        );
      }
      if (text.includes('PING\r\n')) socket.write('PONG\r\n');
      const header = /MSG \S+ 1 (\d+)\r\n/.exec(text);
      if (!header) return;
      const start = header.index + header[0].length;
      const length = Number(header[1]);
      if (received.length < start + length) return;
      try {
        finish(undefined, JSON.parse(received.subarray(start, start + length).toString('utf8')));
      } catch (err) {
        finish(err as Error);
      }
    });
  });
}

/** The names of RabbitMQ's exchanges on its default virtual host. */
export function rabbitExchanges(): string[] {
  return execFileSync('rabbitmqctl', ['--quiet', 'list_exchanges', 'name'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * Watches every MQTT topic on Mosquitto (port 1883) until `stop()` is called, and returns the
 * topics it saw a message on. `ready` resolves once a probe published on `probeTopic` came
 * back, so the watch stands before anything it should see is published.
 */
export function watchMqttTopics(probeTopic: string): { ready: Promise<void>; stop: () => Set<string> } {
  const child = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', '1883', '-t', '#', '-F', '%t', '-q', '1']);
  const topics = new Set<string>();
  let pending = '';
  let exited: Error | undefined;
  child.once('error', (err) => (exited = err));
  child.once('exit', (code) => (exited ??= new Error(`mosquitto_sub exited with ${code}`)));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line) topics.add(line);
  });
  const ready = eventually(
    async () => {
      if (exited) throw exited;
      if (topics.has(probeTopic)) return true;
      execFileSync('mosquitto_pub', [
        '-h',
        '127.0.0.1',
        '-p',
        '1883',
        '-t',
        probeTopic,
        '-m',
        'probe',
        '-q',
        '1',
      ]);
      return undefined;
    },
    { within: 10_000, what: `mosquitto_sub to see a probe on ${probeTopic}` },
  ).then(() => undefined);
  return {
    ready,
    stop: () => {
      child.kill('SIGTERM');
      topics.delete(probeTopic);
      return topics;
    },
  };
}
