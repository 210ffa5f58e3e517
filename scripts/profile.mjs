// Renders a run profile: the same apps, components and configurations as `npm start`, pointed at
// their own data. `npm start` runs the shop (profile `dev`) straight from dapr.yaml, components/ and
// secrets.json. The full-stack tests (`test`) and the benchmark (`bench`) run from a copy made here,
// so they never write into the shop's data:
//
//   .data/<profile>/secrets.json   secrets.json with every database renamed `<name>_<profile>`
//                                  (PostgreSQL, MongoDB, the state store) and other Redis databases
//   .data/<profile>/components/    components/ with the secret store reading that file and the
//                                  broker's traffic apart from every other profile's: the Redis
//                                  broker on its own database; RabbitMQ, MQTT and NATS JetStream
//                                  with topics under `<profile>.` (exchanges, queues, MQTT topics,
//                                  JetStream subjects), MQTT client ids and the JetStream stream
//                                  named after the profile; the Redis broker reached through
//                                  SIDECART_BROKER_ADDRESS when set (the tests' own link to it); the
//                                  MySQL and MongoDB state stores' databases (named in the component,
//                                  not in a secret) renamed `<name>_<profile>`; the `email`
//                                  binding's local mail catcher on its own port (SMTP 1025 moved
//                                  by the profile's mailOffset; scripts/start runs that profile's
//                                  mailpit there, with its inbox on the SMTP port + 7000); product
//                                  pictures (`images`) in .data/<profile>/images, or an S3 bucket
//                                  `<bucket>-<profile>`
//   .data/<profile>/dapr.yaml      dapr.yaml using those components (absolute paths)
//
// Usage: node scripts/profile.mjs <test|bench>   prints the run file's path.
// SIDECART_SWAP=pubsub-rabbitmq.yaml[,secretstore-env.yaml...] renders files of
// components/alternatives/ in place of the default component of the same name (a copy: the
// repository's components/ stay as they are). The swap tests use it.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Redis has 16 numbered databases. The shop uses 0 (broker) and 1 (rate limits, from
 * secrets.json); each profile moves both by its offset. The shop's mail catcher listens on 1025 (SMTP) and 8025 (inbox); each profile's own moves both
 * by its mailOffset, so no test or benchmark mail lands in the shop's inbox.
 */
export const PROFILES = { test: { redisOffset: 2, mailOffset: 1 }, bench: { redisOffset: 4, mailOffset: 2 } };

const profile = process.argv[2];
if (!(profile in PROFILES)) {
  console.error(`usage: node scripts/profile.mjs <${Object.keys(PROFILES).join('|')}>`);
  process.exit(2);
}
const { redisOffset, mailOffset } = PROFILES[profile];
/** host:port the pubsub component dials instead of its redisHost (the full-stack tests' broker link). */
const brokerAddress = process.env.SIDECART_BROKER_ADDRESS;
const dir = path.join(root, '.data', profile);
const suffix = `_${profile}`;

/** The same address with its database renamed or renumbered for this profile. */
export function isolate(value) {
  if (/^postgres(ql)?:\/\/|^mongodb(\+srv)?:\/\//.test(value)) {
    const url = new URL(value);
    const db = url.pathname.replace(/^\//, '');
    if (db && !db.endsWith(suffix)) url.pathname = `/${db}${suffix}`;
    return url.toString();
  }
  if (/^rediss?:\/\//.test(value)) {
    const url = new URL(value);
    url.pathname = `/${Number(url.pathname.replace(/^\//, '') || 0) + redisOffset}`;
    return url.toString();
  }
  // libpq keyword form: `host=... dbname=x ...`
  return value.replace(/(^|\s)dbname=(\S+)/, (_, space, db) =>
    db.endsWith(suffix) ? `${space}dbname=${db}` : `${space}dbname=${db}${suffix}`,
  );
}

fs.mkdirSync(path.join(dir, 'components'), { recursive: true });

const secrets = JSON.parse(fs.readFileSync(path.join(root, 'secrets.json'), 'utf8'));
const isolated = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, isolate(String(v))]));
const secretsFile = path.join(dir, 'secrets.json');
fs.writeFileSync(secretsFile, JSON.stringify(isolated, null, 2) + '\n', { mode: 0o600 });

/** Sets a component's metadata item, adding it when absent. */
function setMetadata(spec, name, value) {
  spec.metadata ??= [];
  const item = spec.metadata.find((m) => m.name === name);
  if (item) item.value = value;
  else spec.metadata.push({ name, value });
}

const componentsDir = path.join(root, 'components');
const outDir = path.join(dir, 'components');
for (const old of fs.readdirSync(outDir)) fs.rmSync(path.join(outDir, old), { recursive: true });
/** The component name each YAML file of `dir` defines (the first Component in it). */
const componentName = (file) =>
  YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => d.toJS())
    .find((r) => r?.kind === 'Component')?.metadata?.name;

/** Default file name → the file rendered for it: itself, or the alternative swapped in. */
const sources = new Map(
  fs
    .readdirSync(componentsDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, path.join(componentsDir, f)]),
);
for (const swap of (process.env.SIDECART_SWAP ?? '').split(',').filter(Boolean)) {
  const file = path.join(componentsDir, 'alternatives', path.basename(swap));
  if (!fs.existsSync(file)) {
    console.error(`SIDECART_SWAP: no such file components/alternatives/${path.basename(swap)}`);
    process.exit(2);
  }
  const name = componentName(file);
  const replaced = [...sources.keys()].find((f) => componentName(sources.get(f)) === name);
  if (!replaced) {
    console.error(`SIDECART_SWAP: components/ has no component named '${name}' to replace`);
    process.exit(2);
  }
  sources.set(replaced, file);
}

/** Pub/sub types whose topics Sidecart's daprd prefixes (scripts/dapr/sidecart_pubsub.go). */
const PREFIXED_BROKERS = new Set(['pubsub.rabbitmq', 'pubsub.mqtt3', 'pubsub.mqtt', 'pubsub.jetstream']);

for (const [name, source] of sources) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(source, 'utf8'));
  for (const doc of docs) {
    const resource = doc.toJS();
    if (resource?.kind !== 'Component') continue;
    const spec = resource.spec;
    if (spec.type === 'secretstores.local.file') setMetadata(spec, 'secretsFile', secretsFile);
    if (spec.type === 'pubsub.redis' || spec.type === 'state.redis') {
      const db = Number(spec.metadata?.find((m) => m.name === 'redisDB')?.value ?? 0);
      setMetadata(spec, 'redisDB', String(db + redisOffset));
    }
    if (spec.type === 'pubsub.redis' && brokerAddress) setMetadata(spec, 'redisHost', brokerAddress);
    // The local mail catcher: this profile's own (a real SMTP server is left as configured).
    const meta = (key) => spec.metadata?.find((m) => m.name === key)?.value;
    if (spec.type === 'bindings.smtp' && /^(127\.0\.0\.1|localhost)$/.test(meta('host') ?? '')) {
      setMetadata(spec, 'port', String(Number(meta('port')) + mailOffset));
    }
    // Product pictures (`images`): the profile's own folder, or its own bucket.
    if (spec.type === 'bindings.localstorage') setMetadata(spec, 'rootPath', path.join(dir, 'images'));
    if (spec.type === 'bindings.aws.s3') {
      const bucket = spec.metadata?.find((m) => m.name === 'bucket')?.value;
      if (bucket && !bucket.endsWith(`-${profile}`)) setMetadata(spec, 'bucket', `${bucket}-${profile}`);
    }
    // State stores that name their database in the YAML rather than in a secret's URL.
    const database = { 'state.mysql': 'schemaName', 'state.mongodb': 'databaseName' }[spec.type];
    const named = database && spec.metadata?.find((m) => m.name === database)?.value;
    if (named && !named.endsWith(suffix)) setMetadata(spec, database, `${named}${suffix}`);
    if (PREFIXED_BROKERS.has(spec.type)) {
      // Topics (and so RabbitMQ's exchanges and queues, MQTT topics, JetStream subjects) under
      // `<profile>.`; MQTT's persistent sessions and JetStream's stream named after the profile,
      // so nothing this profile publishes waits in a queue of the shop's, or the other way round.
      setMetadata(spec, 'topicPrefix', `${profile}.${meta('topicPrefix') ?? ''}`);
      if (spec.type !== 'pubsub.jetstream')
        setMetadata(spec, 'consumerID', `${meta('consumerID') ?? '{appID}'}-${profile}`);
      if (meta('streamName')) setMetadata(spec, 'streamName', `${meta('streamName')}${suffix}`);
    }
    for (const item of spec.metadata ?? []) {
      if (typeof item.value === 'string' && item.name !== 'secretsFile') item.value = isolate(item.value);
    }
    doc.contents = doc.createNode(resource);
  }
  const from = path.relative(root, source);
  const header = `# Rendered by scripts/profile.mjs for the '${profile}' profile from ${from}; do not edit.\n`;
  fs.writeFileSync(path.join(outDir, name), header + docs.map((d) => d.toString()).join('---\n'));
}

// The run file: dapr.yaml with absolute paths and these components.
const runFile = YAML.parse(fs.readFileSync(path.join(root, 'dapr.yaml'), 'utf8'));
runFile.common.resourcesPaths = [outDir];
for (const app of runFile.apps) {
  const appDir = path.resolve(root, app.appDirPath);
  if (app.configFilePath) app.configFilePath = path.resolve(appDir, app.configFilePath);
  app.appDirPath = appDir;
}
const runPath = path.join(dir, 'dapr.yaml');
fs.writeFileSync(
  runPath,
  `# Rendered by scripts/profile.mjs for the '${profile}' profile from dapr.yaml; do not edit.\n` +
    YAML.stringify(runFile),
);
process.stdout.write(runPath + '\n');
