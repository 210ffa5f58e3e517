import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildOpenApiDocument, type OpenApiDocument } from '../src/openapi';

type Finding = { code: string; message: string; path: string[]; severity: number; source: string };

/**
 * Lints documents with Spectral's command-line tool and the gateway's ruleset (.spectral.yaml:
 * `spectral:oas`, the OWASP API Security ruleset, and limits on what clients send), in one run.
 */
function lint(docs: Record<string, unknown>): Record<string, Finding[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sidecart-spectral-'));
  const files = Object.entries(docs).map(([name, doc]) => {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(doc, null, 2));
    return file;
  });
  const pkg = require.resolve('@stoplight/spectral-cli/package.json');
  const cli = path.join(path.dirname(pkg), 'dist', 'index.js');
  const ruleset = path.join(__dirname, '..', '.spectral.yaml');
  const args = [cli, 'lint', ...files, '--ruleset', ruleset, '--format', 'json', '--quiet'];
  let out: string;
  try {
    out = execFileSync(process.execPath, args, { encoding: 'utf8', cwd: path.join(__dirname, '..') });
  } catch (err) {
    // Exit code 1 when something is found, with the findings on stdout.
    out = (err as { stdout: string }).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const findings = (out.trim() ? JSON.parse(out) : []) as Finding[];
  return Object.fromEntries(
    Object.keys(docs).map((name) => [
      name,
      findings.filter((f) => path.basename(f.source) === `${name}.json`),
    ]),
  );
}

describe('Spectral on the OpenAPI document', () => {
  const document = buildOpenApiDocument();
  const broken = JSON.parse(JSON.stringify(document)) as OpenApiDocument;
  // An unbounded string in a request body, and two paths that differ only in a parameter's name.
  delete (
    broken.components.schemas.RegisterCustomer as { properties: Record<string, { maxLength?: number }> }
  ).properties.name!.maxLength;
  broken.paths['/products/{idOrSlug}'] = broken.paths['/products/{id}']!;
  delete broken.paths['/products/{id}'];
  broken.paths['/products/{id}'] = { patch: broken.paths['/products/{idOrSlug}']!.patch! };
  delete broken.paths['/products/{idOrSlug}']!.patch;

  let found: Record<string, Finding[]>;
  beforeAll(() => {
    found = lint({ document, broken });
  }, 60_000);

  it('finds nothing: 0 errors from spectral:oas, every OWASP rule satisfied or off with its reason', () => {
    const summary = found.document!.map((f) => `${f.code} ${f.path.join('.')}: ${f.message}`);
    expect(summary).toEqual([]);
  });

  it('fails a document that breaks the rules (the linter really checks)', () => {
    const codes = found.broken!.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['path-params', 'sidecart-input-string-limit']));
  });
});
