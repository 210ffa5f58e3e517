// The deployment files, checked without a Docker engine or a cluster (neither exists where
// `npm test` runs; docs/deploy.md): docker-compose.yml against the Compose specification's JSON
// schema and against the repository (every build context, Dockerfile, mounted path, port and
// environment variable it names), the Dockerfiles against the workspace, and deploy/k8s rendered
// by kustomize and checked by kubeconform against the schemas in deploy/k8s/schemas. Nothing is
// downloaded: the validators are built by scripts/setup, the schemas are in the repository.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';

const root = path.resolve(__dirname, '../..');
const at = (...parts: string[]) => path.join(root, ...parts);
const read = (file: string) => fs.readFileSync(at(file), 'utf8');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Reports how long each validator takes (docs/deploy.md quotes these figures). */
function timed<T>(what: string, fn: () => T): T {
  const start = process.hrtime.bigint();
  const result = fn();
  console.log(`${what}: ${Number((process.hrtime.bigint() - start) / 1_000_000n)} ms`);
  return result;
}

const compose: Json = YAML.parse(read('docker-compose.yml'));
const daprRun: Json = YAML.parse(read('dapr.yaml'));
const workspaces: string[] = JSON.parse(read('package.json')).workspaces;

/** Every file under `dir` (sources of one image), as one string to search for names. */
function sources(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (['node_modules', 'dist', '.next', 'test'].includes(entry.name)) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mjs|js|go|sh)$/.test(entry.name)) out.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(at(dir));
  return out.join('\n');
}

describe('generated deployment files', () => {
  it('are what scripts/deploy.mjs renders from dapr.yaml, components/ and secrets.example.json', () => {
    const result = timed('deploy.mjs --check', () =>
      spawnSync('node', [at('scripts/deploy.mjs'), '--check'], { encoding: 'utf8' }),
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('docker-compose.yml', () => {
  it('validates against the Compose specification (compose-go v2.9.0 schema/compose-spec.json)', () => {
    // ajv 8 as the stack tests declare it (the root's ajv is eslint's 6.x).
    const Ajv = createRequire(at('packages/stack-tests/package.json'))('ajv').default;
    // Its $schema names draft-07 by an https address ajv does not know; draft-07 is ajv's default.
    const { $schema: _draft, ...schema } = JSON.parse(read('deploy/compose/compose-spec.json'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = timed('compile the Compose schema', () => ajv.compile(schema));
    timed('validate docker-compose.yml', () => validate(compose));
    expect(validate.errors ?? []).toEqual([]);
    // The schema bites: a misspelt key and a condition Compose does not know are refused.
    expect(validate({ services: { app: { image: 'x', heathcheck: {} } } })).toBe(false);
    const waiting = { image: 'x', depends_on: { db: { condition: 'service_up' } } };
    expect(validate({ services: { app: waiting, db: { image: 'y' } } })).toBe(false);
  });

  const services = Object.entries(compose.services as Record<string, Json>);

  it('builds from contexts, Dockerfiles, stages and app folders that exist', () => {
    for (const [name, service] of services) {
      if (!service.build) continue;
      const context = at(service.build.context);
      const dockerfile = path.join(context, service.build.dockerfile ?? 'Dockerfile');
      expect([name, fs.existsSync(dockerfile)]).toEqual([name, true]);
      const text = fs.readFileSync(dockerfile, 'utf8');
      if (service.build.target)
        expect([name, text]).toEqual([
          name,
          expect.stringMatching(new RegExp(`^FROM .+ AS ${service.build.target}$`, 'm')),
        ]);
      for (const [arg, value] of Object.entries(service.build.args ?? {})) {
        expect([name, text]).toEqual([name, expect.stringMatching(new RegExp(`^ARG ${arg}$`, 'm'))]);
        // APP names a workspace with a server to run.
        if (arg === 'APP') {
          expect(workspaces).toContain(value);
          expect([name, fs.existsSync(at(String(value), 'src/server.ts'))]).toEqual([name, true]);
        }
      }
      // Every COPY source of the build context exists (no --from: those come from another stage).
      for (const [, from] of text.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm))
        for (const source of from!.split(/\s+/))
          expect([name, source, fs.existsSync(path.join(context, source))]).toEqual([name, source, true]);
    }
  });

  it('mounts only paths of the repository and named volumes it declares', () => {
    for (const [name, service] of services) {
      for (const volume of (service.volumes ?? []) as string[]) {
        const [source] = volume.split(':');
        if (source!.startsWith('.'))
          expect([name, source, fs.existsSync(at(source!))]).toEqual([name, source, true]);
        else expect(Object.keys(compose.volumes)).toContain(source);
      }
    }
  });

  it('runs each app and its daprd on the ports and configuration of dapr.yaml', () => {
    for (const app of daprRun.apps as Json[]) {
      const service = compose.services[app.appID];
      const sidecar = compose.services[`${app.appID}-dapr`];
      expect(service.environment.APP_PORT).toBe(String(app.appPort));
      expect(service.environment.DAPR_HTTP_PORT).toBe(String(app.daprHTTPPort));
      expect(sidecar.network_mode).toBe(`service:${app.appID}`);
      const flag = (name: string) => sidecar.command[sidecar.command.indexOf(name) + 1];
      expect(flag('--app-id')).toBe(app.appID);
      expect(flag('--app-port')).toBe(String(app.appPort));
      expect(flag('--dapr-http-port')).toBe(String(app.daprHTTPPort));
      expect(sidecar.command).toEqual(expect.arrayContaining(['--enable-mtls', '--sentry-address']));
      // The configuration and components it names are in the folders it mounts.
      expect(fs.existsSync(at('deploy/compose/config', path.basename(flag('--config'))))).toBe(true);
      expect(sidecar.volumes).toContain('./deploy/compose/components:/components:ro');
      // A Node app is probed on /readyz; an image of its own (distroless) runs without the tokens.
      if (fs.existsSync(at(app.appDirPath, 'Dockerfile')))
        expect(sidecar.environment.SIDECART_API_TOKENS).toBe('off');
      else expect(service.healthcheck.test.join(' ')).toContain(`127.0.0.1:${app.appPort}/readyz`);
      expect(sidecar.depends_on.sentry.condition).toBe('service_healthy');
    }
    // Published ports are ones a process listens on: the gateway, the storefront, the PayPal
    // double (in the payment service's network namespace), Zipkin and the mail catcher's inbox.
    const published = services.flatMap(([, s]) => ((s.ports ?? []) as string[]).map((p) => p.split(':')[1]));
    expect(published.sort()).toEqual(['3000', '8025', '8080', '8090', '9411']);
    expect(compose.services['paypal-double'].network_mode).toBe('service:payment');
  });

  it('sets only environment variables its programs read, and leaves none unset', () => {
    const codeOf = (name: string, service: Json) => {
      if (name.endsWith('-dapr') || ['sentry', 'placement'].includes(name)) return sources('deploy/compose');
      if (name === 'storefront') return sources('frontend');
      if (service.build?.target === 'secrets') return sources('scripts') + sources('deploy/compose');
      const app = service.build?.args?.APP as string | undefined;
      if (app) return sources(app) + sources('packages/service-kit/src');
      return service.build ? sources(service.build.context) : '';
    };
    for (const [name, service] of services) {
      // A public image's variables are its own (POSTGRES_HOST_AUTH_METHOD is postgres's).
      if (!service.build && !name.endsWith('-dapr')) continue;
      const code = codeOf(name, service);
      for (const variable of Object.keys(service.environment ?? {})) {
        // Read by the runtime or a library, not by our code: Node's and Next's NODE_ENV, Next's
        // telemetry switch, next-auth's NEXTAUTH_URL, daprd's NAMESPACE (its policies' namespace).
        if (['NODE_ENV', 'NEXT_TELEMETRY_DISABLED', 'NEXTAUTH_URL', 'NAMESPACE'].includes(variable)) continue;
        // The sidecar's two ports, set for every app as `dapr run` does: each reads one of them.
        if (/^DAPR_(HTTP|GRPC)_PORT$/.test(variable)) {
          expect([name, /DAPR_(HTTP|GRPC)_PORT/.test(code)]).toEqual([name, true]);
          continue;
        }
        expect([name, variable, code.includes(variable)]).toEqual([name, variable, true]);
      }
    }
    // Files the commands source are written by the secrets service, with names the programs read.
    const init = codeOf('sidecart-dapr', {});
    for (const file of ['dapr.env', 'storefront.env', 'paypal-double.env'])
      expect(init).toContain(`/secrets/${file}`);
    expect(sources('packages/service-kit/src')).toContain('APP_API_TOKEN');
    expect(sources('frontend')).toContain('GATEWAY_JWT_SECRET');
    // NEXTAUTH_SECRET is next-auth's own variable.
    const nextAuth = require.resolve('next-auth', { paths: [at('frontend')] });
    expect(fs.readFileSync(path.join(path.dirname(nextAuth), 'next/index.js'), 'utf8')).toContain(
      'NEXTAUTH_SECRET',
    );
    expect(sources('packages/paypal-double/src')).toContain('PAYPAL_DOUBLE_WEBHOOK_ID');
    // No ${VAR} interpolation that the environment would have to provide.
    for (const [, variable, fallback] of read('docker-compose.yml').matchAll(/\$\{(\w+)(:?-[^}]*)?\}/g))
      expect([variable, fallback !== undefined || variable! in process.env]).toEqual([variable, true]);
  });

  it('gives daprd, sentry and placement only flags their 1.16 binaries know', () => {
    // The binaries scripts/setup builds from the same Dapr version as the images (Go's flag
    // package: `-name` and `--name` are one flag).
    for (const [name, service] of services) {
      const [binary, ...args] = (service.command ?? []) as string[];
      if (!['daprd', 'sentry', 'placement'].includes(binary!)) continue;
      const help = spawnSync(at('.tools/bin', binary!), ['--help'], { encoding: 'utf8' });
      const known = new Set(
        [...`${help.stdout}${help.stderr}`.matchAll(/^\s+-{1,2}([a-z0-9-]+)/gm)].map((m) => m[1]),
      );
      expect(known.size).toBeGreaterThan(20);
      const unknown = args.filter((a) => a.startsWith('--') && !known.has(a.slice(2)));
      expect([name, unknown]).toEqual([name, []]);
    }
  });

  it('pins every public image by version', () => {
    const images = [
      ...services.filter(([, s]) => !s.build).map(([, s]) => s.image as string),
      ...['Dockerfile', 'deploy/compose/dapr.Dockerfile'].flatMap((file) =>
        [...read(file).matchAll(/^(?:ARG NODE_IMAGE=|FROM )(\S+)/gm)].map((m) => m[1]!),
      ),
    ].filter(
      (image) =>
        !image.startsWith('$') && !/^(manifests|build|pack|production-deps|runtime|dapr)$/.test(image),
    );
    expect(images.length).toBeGreaterThan(5);
    for (const image of images) expect(image).toMatch(/^[\w./-]+:v?\d+(\.\d+)+[\w.-]*$/);
    // The Dapr images are the runtime version the local stack builds.
    const runtime = /DAPR_RUNTIME_VERSION="([\d.]+)"/.exec(read('scripts/lib.sh'))![1];
    expect(read('deploy/compose/dapr.Dockerfile')).toContain(`daprio/dapr:${runtime}`);
  });
});

describe('Dockerfiles', () => {
  it("give npm ci every workspace's manifest (the lock file names them all)", () => {
    // The `sources` stage keeps every package.json of the build context that .dockerignore lets in.
    const ignored = read('.dockerignore')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    for (const workspace of workspaces) {
      const manifest = `${workspace}/package.json`;
      expect([manifest, ignored.filter((p) => manifest.startsWith(p) || p.includes('package'))]).toEqual([
        manifest,
        [],
      ]);
    }
    // One manifests stage, which every app's and the storefront's `npm ci` start from.
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toContain('find . -name package.json -o -name package-lock.json');
    expect(dockerfile.match(/^FROM .* AS manifests$/gm)).toHaveLength(1);
    expect(dockerfile.match(/^FROM manifests AS /gm)).toHaveLength(4);
  });

  it('run the apps and the storefront as a user other than root', () => {
    const stages = read('Dockerfile').split(/^FROM /m);
    // The default target (the last stage) is `runtime`, the app chosen by APP.
    expect(stages.at(-1)).toMatch(/^runtime\n/);
    for (const target of ['runtime', 'storefront']) {
      const stage = stages.find((s) => new RegExp(` AS ${target}$`, 'm').test(s));
      expect([target, stage]).toEqual([target, expect.stringMatching(/^USER node$/m)]);
    }
  });
});

describe('deploy/k8s', () => {
  const tools = at('.tools/bin');
  const tool = (name: string) => {
    const file = path.join(tools, name);
    if (!fs.existsSync(file)) throw new Error(`${name} is missing: run \`npm run setup\` (it builds it)`);
    return file;
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecart-k8s-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const rendered: Record<string, Json[]> = {};
  const build = (overlay: string) => {
    rendered[overlay] ??= timed(`kustomize build ${overlay}`, () =>
      YAML.parseAllDocuments(
        execFileSync(tool('kustomize'), ['build', at('deploy/k8s/overlays', overlay)], { encoding: 'utf8' }),
      )
        .map((d) => d.toJS() as Json)
        .filter(Boolean),
    );
    return rendered[overlay]!;
  };

  /** kubeconform, strict, against the repository's schemas only. */
  const kubeconform = (file: string) =>
    spawnSync(
      tool('kubeconform'),
      [
        '-strict',
        '-summary',
        '-output',
        'json',
        '-schema-location',
        at('deploy/k8s/schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json'),
        file,
      ],
      { encoding: 'utf8' },
    );
  const write = (name: string, docs: Json[]) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, docs.map((d) => YAML.stringify(d)).join('---\n'));
    return file;
  };

  /** The Secrets `deploy.mjs k8s-secrets` makes from secrets.example.json (the shape ops apply). */
  const secrets = () =>
    YAML.parseAllDocuments(
      execFileSync(
        'node',
        [at('scripts/deploy.mjs'), 'k8s-secrets', at('secrets.example.json'), 'sidecart'],
        { encoding: 'utf8' },
      ),
    ).map((d) => d.toJS() as Json);

  it.each(['local', 'production'])(
    'the %s overlay leaves no ${VARIABLE} of the local files unreplaced (Kubernetes would pass it on as text)',
    (overlay) => {
      const placeholders = (text: string) => [...new Set(text.match(/\$\{\w+\}/g) ?? [])];
      // The local Configurations hold one (daprd expands the environment there): a real check.
      expect(placeholders(read('components/config/order.yaml'))).toEqual(['${SIDECART_ZIPKIN_URL}']);
      expect(placeholders(JSON.stringify(build(overlay)))).toEqual([]);
      for (const file of fs.readdirSync(at('deploy/compose/config')))
        expect({ file, placeholders: placeholders(read(`deploy/compose/config/${file}`)) }).toEqual({
          file,
          placeholders: [],
        });
    },
  );

  it.each(['local', 'production'])(
    'the %s overlay passes kubeconform (strict, offline schemas)',
    (overlay) => {
      const file = write(`${overlay}.yaml`, [...build(overlay), ...secrets()]);
      const result = timed(`kubeconform ${overlay}`, () => kubeconform(file));
      const report = JSON.parse(result.stdout);
      expect(report.resources.filter((r: Json) => r.status !== 'statusValid')).toEqual([]);
      expect(report.summary.invalid + report.summary.errors + report.summary.skipped).toBe(0);
      expect(report.summary.valid).toBeGreaterThan(40);
      expect(result.status).toBe(0);
    },
  );

  it('the local and compose components and resiliency pass the same Dapr schemas', () => {
    // Configurations are left out: locally they carry `mtls`, which only the standalone sentry reads.
    const files = ['components', 'components/alternatives', 'deploy/compose/components'].flatMap((dir) =>
      fs
        .readdirSync(at(dir))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => at(dir, f)),
    );
    const result = spawnSync(
      tool('kubeconform'),
      [
        '-strict',
        '-summary',
        '-schema-location',
        at('deploy/k8s/schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json'),
        ...files,
      ],
      { encoding: 'utf8' },
    );
    expect(result.stdout).toMatch(/Invalid: 0, Errors: 0, Skipped: 0/);
    expect(result.status).toBe(0);
  });

  it('kubeconform refuses a misspelt field, a Dapr resource of the wrong shape and an unknown kind', () => {
    const deployment = structuredClone(build('local').find((r) => r.kind === 'Deployment')!);
    deployment.spec.replica = 2;
    const component = {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: { type: 'state.redis' },
    };
    const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } };
    for (const doc of [deployment, component, unknown]) {
      const result = kubeconform(write('bad.yaml', [doc]));
      expect([doc.kind, result.status]).toEqual([doc.kind, 1]);
    }
  });

  it.each(['local', 'production'])(
    '%s: every Dapr app is annotated, probed, sized and has its Configuration',
    (overlay) => {
      const resources = build(overlay);
      const of = (kind: string) => resources.filter((r) => r.kind === kind);
      const configurations = of('Configuration').map((c) => c.metadata.name);
      const apps = of('Deployment').filter(
        (d) => d.spec.template.metadata.annotations?.['dapr.io/enabled'] === 'true',
      );
      expect(apps.map((d) => d.metadata.name).sort()).toEqual(daprRun.apps.map((a: Json) => a.appID).sort());
      for (const deployment of apps) {
        const annotations = deployment.spec.template.metadata.annotations;
        const app = daprRun.apps.find((a: Json) => a.appID === deployment.metadata.name);
        expect(annotations).toMatchObject({
          'dapr.io/app-id': app.appID,
          'dapr.io/app-port': String(app.appPort),
          'dapr.io/enable-metrics': 'true',
          'dapr.io/log-level': expect.stringMatching(/^(debug|info|warn|error)$/),
        });
        expect(configurations).toContain(annotations['dapr.io/config']);
        const container = deployment.spec.template.spec.containers.find((c: Json) => c.name === app.appID);
        expect(container.readinessProbe.httpGet.path).toBe('/readyz');
        expect(container.livenessProbe.httpGet.path).toBe('/healthz');
        expect(
          container.ports.find((p: Json) => p.name === container.readinessProbe.httpGet.port).containerPort,
        ).toBe(app.appPort);
        for (const c of deployment.spec.template.spec.containers)
          expect(Object.keys(c.resources ?? {}).sort()).toEqual(['limits', 'requests']);
        // A Service, and a disruption budget that selects this Deployment's pods.
        const labels = deployment.spec.template.metadata.labels;
        const selects = (r: Json) => {
          const selector = r.spec.selector?.matchLabels ?? r.spec.selector ?? {};
          return (
            Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v)
          );
        };
        expect(of('Service').filter(selects)).toHaveLength(1);
        expect(of('PodDisruptionBudget').filter(selects)).toHaveLength(1);
      }
      // The overlay's public address reaches the gateway's CORS origin.
      const gateway = of('Deployment').find((d) => d.metadata.name === 'gateway')!;
      const origin = gateway.spec.template.spec.containers[0].env.filter(
        (e: Json) => e.name === 'STOREFRONT_ORIGIN',
      );
      expect(origin).toEqual([
        {
          name: 'STOREFRONT_ORIGIN',
          value: overlay === 'local' ? 'http://sidecart.localhost' : 'https://shop.example.com',
        },
      ]);
      // The gateway and the product service scale with load.
      const scaled = of('HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name);
      expect(scaled.sort()).toEqual(['gateway', 'product']);
      for (const name of scaled) expect(of('Deployment').map((d) => d.metadata.name)).toContain(name);
      // The Ingress reaches the gateway and the storefront by Services and ports that exist.
      const [ingress] = of('Ingress');
      const backends = ingress!.spec.rules.flatMap((r: Json) =>
        r.http.paths.map((p: Json) => p.backend.service),
      );
      expect(backends.map((b: Json) => b.name).sort()).toEqual(['gateway', 'storefront']);
      for (const backend of backends) {
        const service = of('Service').find((s) => s.metadata.name === backend.name)!;
        expect(service.spec.ports.map((p: Json) => p.name)).toContain(backend.port.name);
      }
    },
  );

  it('the secret store is Kubernetes, and every secret a component or app may read is one ops create', () => {
    const resources = build('production');
    const store = resources.find((r) => r.kind === 'Component' && r.metadata.name === 'secretstore')!;
    expect(store.spec.type).toBe('secretstores.kubernetes');
    const created = new Set([...secrets().map((s) => s.metadata.name), 'redis-password']);
    // What must exist: the components' secret references and the containers' environment.
    const required = [
      ...resources
        .filter((r) => r.kind === 'Component')
        .flatMap((c) =>
          c.spec.metadata.filter((m: Json) => m.secretKeyRef).map((m: Json) => m.secretKeyRef.name),
        ),
      ...resources
        .flatMap((r) => (r.kind === 'Deployment' ? r.spec.template.spec.containers : []))
        .flatMap((c: Json) =>
          (c.env ?? [])
            .filter((e: Json) => e.valueFrom?.secretKeyRef)
            .map((e: Json) => e.valueFrom.secretKeyRef.name),
        ),
    ];
    expect(required.length).toBeGreaterThan(10);
    for (const name of required) expect([name, created.has(name)]).toEqual([name, true]);
    // What an app may read (some only after a rotation, e.g. the previous JWT key): Kubernetes names.
    const allowed = resources
      .filter((r) => r.kind === 'Configuration')
      .flatMap((c) => c.spec.secrets?.scopes.flatMap((s: Json) => s.allowedSecrets) ?? []);
    expect(allowed.length).toBeGreaterThan(10);
    for (const name of allowed) expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    // Access policies name the namespace the overlays deploy to.
    for (const config of resources.filter((r) => r.kind === 'Configuration'))
      for (const policy of config.spec.accessControl?.policies ?? [])
        expect(policy.namespace).toBe(config.metadata.namespace);
  });
});
