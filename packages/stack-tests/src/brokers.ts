/**
 * What the alternative brokers and state stores hold, asked of them directly (swaps.test.ts):
 * NATS JetStream's API over the plain NATS protocol, RabbitMQ through `rabbitmqctl`, Mosquitto
 * through `mosquitto_sub`, and the state stores' own clients (PostgreSQL, Redis, the `mysql`
 * command, MongoDB). Each answers for the machine's server on its default port.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import pg from 'pg';
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

/**
 * The last message JetStream's stream `stream` holds on `subject`, its data decoded (undefined
 * when it holds none): `$JS.API.STREAM.MSG.GET` by `last_by_subj`.
 */
export async function natsLastMessage(stream: string, subject: string): Promise<string | undefined> {
  const answer = await natsRequest(
    `$JS.API.STREAM.MSG.GET.${stream}`,
    JSON.stringify({ last_by_subj: subject }),
  );
  if (answer.error?.code === 404) return undefined;
  if (answer.error) throw new Error(`JetStream: ${JSON.stringify(answer.error)}`);
  return Buffer.from(answer.message.data ?? '', 'base64').toString('utf8');
}

/** Dapr's key for an app's state entry (the state stores' default `keyPrefix: appid`). */
export const daprStateKey = (appId: string, key: string) => `${appId}||${key}`;

/** True when PostgreSQL's Dapr state table (libpq keyword DSN) holds `key`. */
export async function inPostgresState(dsn: string, table: string, key: string): Promise<boolean> {
  const kv = Object.fromEntries(dsn.split(/\s+/).map((p) => p.split('=') as [string, string]));
  const client = new pg.Client({
    host: kv.host,
    port: Number(kv.port ?? 5432),
    user: kv.user,
    database: kv.dbname,
  });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT 1 FROM ${table} WHERE key = $1`, [key]);
    return rows.length === 1;
  } finally {
    await client.end();
  }
}

/** True when Redis database `db` on :6379 holds `key`. */
export async function inRedis(db: number, key: string): Promise<boolean> {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, db, lazyConnect: true });
  await redis.connect();
  try {
    return (await redis.exists(key)) === 1;
  } finally {
    redis.disconnect();
  }
}

/**
 * True when MySQL's `schema.table` holds `key`, asked through the `mysql` command as the user
 * of a Go driver DSN (`user:password@tcp(host:port)/...`).
 */
export function inMySqlState(dsn: string, schema: string, table: string, key: string): boolean {
  const m = /^([^:]+):(.*)@tcp\(([^:)]+):(\d+)\)\//.exec(dsn);
  if (!m) throw new Error('not a MySQL DSN of the form user:password@tcp(host:port)/');
  const [, user, password, host, port] = m;
  const out = execFileSync(
    'mysql',
    [
      '-h',
      host!,
      '-P',
      port!,
      '-u',
      user!,
      '--batch',
      '--skip-column-names',
      '-e',
      `SELECT COUNT(*) FROM \`${schema}\`.\`${table}\` WHERE id = '${key.replace(/'/g, "''")}'`,
    ],
    { encoding: 'utf8', env: { ...process.env, MYSQL_PWD: password } },
  );
  return out.trim() === '1';
}

/**
 * Why the MongoDB state store cannot run here, or undefined when a real MongoDB answers on
 * :27017. FerretDB (what `npm start` runs where no MongoDB answers) says so in `buildInfo`; it
 * lacks the TTL index the component creates (docs/architecture.md).
 */
export async function noRealMongoDb(): Promise<string | undefined> {
  if (!listening(27017)) return 'nothing answers on 127.0.0.1:27017';
  const client = new MongoClient('mongodb://127.0.0.1:27017', { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    const info = await client.db('admin').command({ buildInfo: 1 });
    if (info.ferretdbVersion)
      return `the server on :27017 is FerretDB ${info.ferretdbVersion}, not MongoDB (no TTL index for state.mongodb)`;
    return undefined;
  } catch (err) {
    return `the server on :27017 did not answer buildInfo: ${(err as Error).message}`;
  } finally {
    await client.close();
  }
}
