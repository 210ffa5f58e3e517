// Writes deploy/k8s/schemas/: the JSON schemas kubeconform checks deploy/k8s against in `npm test`,
// for the kinds Sidecart uses only, so nothing is downloaded at test time. Derived offline from two
// Go modules (fetched through the module proxy by `go mod download`, like scripts/build-tools):
//   k8s.io/kubernetes   api/openapi-spec/v3/*.json   (the API server's own OpenAPI documents)
//   github.com/dapr/dapr charts/dapr/crds/*.yaml      (Dapr's CRDs: Component, Configuration, Resiliency)
// Strict: an object with listed properties takes no others (a misspelt field fails), as
// kubeconform's "-strict" schemas are. File names follow kubeconform's
// `{{ .ResourceKind }}{{ .KindSuffix }}.json` (e.g. deployment-apps-v1.json).
//
//   node scripts/k8s-schemas.mjs      (needs Go; run again after changing a version or KINDS)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const root = path.resolve(import.meta.dirname, '..');
export const KUBERNETES = { module: 'k8s.io/kubernetes', version: 'v1.34.1' };
export const DAPR = { module: 'github.com/dapr/dapr', version: 'v1.16.0' };
const out = path.join(root, 'deploy/k8s/schemas');

/** apiVersion → kinds used in deploy/k8s (the test fails on a kind without a schema). */
export const KINDS = {
  v1: ['Namespace', 'Service', 'Secret', 'ServiceAccount', 'ConfigMap'],
  'apps/v1': ['Deployment', 'StatefulSet'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'policy/v1': ['PodDisruptionBudget'],
  'networking.k8s.io/v1': ['Ingress'],
  'rbac.authorization.k8s.io/v1': ['Role', 'RoleBinding'],
  'dapr.io/v1alpha1': ['Component', 'Configuration', 'Resiliency'],
};

/** kubeconform's file name for a kind (registry.go: schemaPath). */
export function schemaFile(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [apiVersion];
  return `${kind.toLowerCase()}-${group.split('.')[0].toLowerCase()}${version ? `-${version}` : ''}.json`;
}

function moduleDir({ module, version }) {
  const env = { ...process.env, GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' };
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], { env }));
  if (!info.Dir) throw new Error(`the Go module proxy did not serve ${module}@${version}`);
  return info.Dir;
}

/** Makes an OpenAPI schema a strict JSON schema: int-or-string and quantities, no unknown fields. */
function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const s = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, strict(v)]));
  if (s['x-kubernetes-int-or-string'] || s.format === 'int-or-string') {
    delete s.type;
    delete s.format;
    s.anyOf = [{ type: 'string' }, { type: 'integer' }];
  }
  if (typeof s.$ref === 'string') s.$ref = s.$ref.replace('#/components/schemas/', '#/definitions/');
  if (s.properties && s.additionalProperties === undefined && !s['x-kubernetes-preserve-unknown-fields'])
    s.additionalProperties = false;
  return s;
}

/** The definitions a schema reaches through $ref, found in `all`. */
function reachable(name, all, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') reachable(v.split('/').pop(), all, seen);
        else walk(v);
      }
  };
  walk(all[name]);
  return seen;
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function kubernetesSchemas(dir) {
  const specs = path.join(dir, 'api/openapi-spec/v3');
  const written = [];
  for (const [apiVersion, kinds] of Object.entries(KINDS)) {
    if (apiVersion.startsWith('dapr.io/')) continue;
    const file =
      apiVersion === 'v1' ? 'api__v1_openapi.json' : `apis__${apiVersion.replace('/', '__')}_openapi.json`;
    const all = JSON.parse(fs.readFileSync(path.join(specs, file), 'utf8')).components.schemas;
    // A quantity is written as a string or a number (`cpu: 1`).
    all[QUANTITY] = { anyOf: [{ type: 'string' }, { type: 'number' }] };
    for (const kind of kinds) {
      const name = Object.keys(all).find((n) =>
        (all[n]['x-kubernetes-group-version-kind'] ?? []).some(
          (g) => g.kind === kind && (g.group ? `${g.group}/${g.version}` : g.version) === apiVersion,
        ),
      );
      if (!name) throw new Error(`no schema for ${apiVersion} ${kind} in ${file}`);
      const definitions = Object.fromEntries(
        [...reachable(name, all)].sort().map((n) => [n, strict(all[n])]),
      );
      const rootSchema = definitions[name];
      rootSchema.properties.apiVersion = { type: 'string', enum: [apiVersion] };
      rootSchema.properties.kind = { type: 'string', enum: [kind] };
      rootSchema.required = [...new Set([...(rootSchema.required ?? []), 'apiVersion', 'kind'])];
      write(apiVersion, kind, {
        $comment: `Derived by scripts/k8s-schemas.mjs from ${KUBERNETES.module}@${KUBERNETES.version} api/openapi-spec/v3/${file}`,
        $ref: `#/definitions/${name}`,
        definitions,
      });
      written.push(`${apiVersion} ${kind}`);
    }
  }
  // ObjectMeta and what it reaches, for the Dapr kinds' metadata.
  const core = JSON.parse(fs.readFileSync(path.join(specs, 'api__v1_openapi.json'), 'utf8')).components
    .schemas;
  const objectMeta = Object.fromEntries(
    [...reachable(OBJECT_META, core)].sort().map((n) => [n, strict(core[n])]),
  );
  return { written, objectMeta };
}

function daprSchemas(dir, objectMeta) {
  const crds = path.join(dir, 'charts/dapr/crds');
  const written = [];
  for (const file of fs.readdirSync(crds).sort()) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(crds, file), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        const apiVersion = `${crd.spec.group}/${version.name}`;
        const kind = crd.spec.names.kind;
        if (!KINDS[apiVersion]?.includes(kind)) continue;
        const schema = strict(version.schema.openAPIV3Schema);
        schema.properties.apiVersion = { type: 'string', enum: [apiVersion] };
        schema.properties.kind = { type: 'string', enum: [kind] };
        // The CRD says only `metadata: object`; the API server checks it as ObjectMeta.
        schema.properties.metadata = { $ref: `#/definitions/${OBJECT_META}` };
        schema.required = [...new Set([...(schema.required ?? []), 'apiVersion', 'kind', 'metadata'])];
        write(apiVersion, kind, {
          $comment: `Derived by scripts/k8s-schemas.mjs from ${DAPR.module}@${DAPR.version} charts/dapr/crds/${file}`,
          ...schema,
          definitions: objectMeta,
        });
        written.push(`${apiVersion} ${kind}`);
      }
    }
  }
  return written;
}

function write(apiVersion, kind, schema) {
  fs.writeFileSync(path.join(out, schemaFile(apiVersion, kind)), JSON.stringify(schema, null, 1) + '\n');
}

if (process.argv[1] === import.meta.filename) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const k8s = kubernetesSchemas(moduleDir(KUBERNETES));
  const dapr = daprSchemas(moduleDir(DAPR), k8s.objectMeta);
  const wanted = Object.entries(KINDS).flatMap(([v, kinds]) => kinds.map((k) => `${v} ${k}`));
  const missing = wanted.filter((w) => ![...k8s.written, ...dapr].includes(w));
  if (missing.length) throw new Error(`no schema written for ${missing.join(', ')}`);
  console.log(`wrote ${wanted.length} schemas to ${path.relative(root, out)}`);
}
