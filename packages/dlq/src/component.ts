import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** The repository's root (packages/dlq/{src,dist} → ../../..). */
export const ROOT = path.resolve(__dirname, '../../..');

/**
 * Where a run profile keeps what its sidecars read (docs/architecture.md, "Run profiles"): the
 * shop (`dev`) runs from components/ and secrets.json; `test` and `bench` from the copies
 * scripts/profile.mjs rendered into .data/<profile>/. Its Dapr API token is written by
 * scripts/start beside them.
 */
export type Profile = { name: string; componentsDir: string; secretsFile: string; tokenFile: string };

export function profile(name = process.env.SIDECART_PROFILE ?? 'dev', root = ROOT): Profile {
  if (name === 'dev')
    return {
      name,
      componentsDir: path.join(root, 'components'),
      secretsFile: process.env.SIDECART_SECRETS ?? path.join(root, 'secrets.json'),
      tokenFile: path.join(root, '.data', 'dapr-api-token'),
    };
  const data = path.join(root, '.data', name);
  return {
    name,
    componentsDir: path.join(data, 'components'),
    secretsFile: process.env.SIDECART_SECRETS ?? path.join(data, 'secrets.json'),
    tokenFile: path.join(data, 'dapr-api-token'),
  };
}

type MetadataItem = { name: string; value?: unknown; secretKeyRef?: { name: string; key?: string } };
type ComponentResource = {
  kind?: string;
  metadata?: { name?: string };
  spec?: { type?: string; metadata?: MetadataItem[] };
  auth?: { secretStore?: string };
};

/** A Dapr component as its sidecars see it: type and metadata, secret references resolved. */
export type Component = { name: string; type: string; metadata: Record<string, string> };

function resources(componentsDir: string): ComponentResource[] {
  if (!fs.existsSync(componentsDir))
    throw new Error(`no components in ${componentsDir} (a test or bench profile is rendered when it starts)`);
  return fs
    .readdirSync(componentsDir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .flatMap((f) =>
      YAML.parseAllDocuments(fs.readFileSync(path.join(componentsDir, f), 'utf8')).map(
        (d) => d.toJS() as ComponentResource,
      ),
    )
    .filter((r) => r?.kind === 'Component');
}

/**
 * Reads the secret a component refers to through its secret store, as daprd does: the local
 * file store's JSON (a relative path is relative to an app's folder, one below the root), or
 * the environment for `secretstores.local.env`.
 */
function secretReader(all: ComponentResource[], storeName: string, p: Profile): (name: string) => string {
  const store = all.find((r) => r.metadata?.name === storeName);
  if (!store) throw new Error(`no secret store component named '${storeName}'`);
  if (store.spec?.type === 'secretstores.local.env')
    return (name) => {
      const value = process.env[name];
      if (value === undefined) throw new Error(`secret ${name} is not set in the environment`);
      return value;
    };
  if (store.spec?.type === 'secretstores.local.file') {
    const configured = store.spec.metadata?.find((m) => m.name === 'secretsFile')?.value;
    const file =
      typeof configured === 'string'
        ? path.isAbsolute(configured)
          ? configured
          : path.resolve(ROOT, 'gateway', configured)
        : p.secretsFile;
    const secrets = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    return (name) => {
      if (!(name in secrets)) throw new Error(`secret ${name} is not in ${file}`);
      return String(secrets[name]);
    };
  }
  throw new Error(`secret store type ${store.spec?.type} is not supported by this tool`);
}

/** The component named `name` (by default the event bus, `pubsub`) of a profile. */
export function readComponent(p: Profile, name = 'pubsub'): Component {
  const all = resources(p.componentsDir);
  const resource = all.find((r) => r.metadata?.name === name);
  if (!resource?.spec?.type) throw new Error(`no component named '${name}' in ${p.componentsDir}`);
  let secret: ((n: string) => string) | undefined;
  const metadata: Record<string, string> = {};
  for (const item of resource.spec.metadata ?? []) {
    if (item.secretKeyRef) {
      secret ??= secretReader(all, resource.auth?.secretStore ?? 'secretstore', p);
      metadata[item.name] = secret(item.secretKeyRef.key ?? item.secretKeyRef.name);
    } else if (item.value !== undefined) metadata[item.name] = String(item.value);
  }
  return { name, type: resource.spec.type, metadata };
}

/** A metadata property, case-insensitively (as the components read them). */
export function property(c: Component, name: string): string | undefined {
  const key = Object.keys(c.metadata).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : c.metadata[key];
}
