import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contractSchemaFiles, SCHEMAS_DIR } from './contract-schemas';

/**
 * `npm run contracts:schemas`: writes packages/contracts/schemas/ (the AsyncAPI document and a
 * JSON Schema per event and per API body) and removes files there that are no longer generated.
 * The folder is kept in git for other languages to vendor; gateway/test/contract-schemas.test.ts
 * fails while it is stale.
 */
const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', SCHEMAS_DIR));
const files = contractSchemaFiles();
let written = 0;
for (const [file, content] of files) {
  const target = path.join(root, file);
  mkdirSync(path.dirname(target), { recursive: true });
  let before: string | undefined;
  try {
    before = readFileSync(target, 'utf8');
  } catch {
    before = undefined;
  }
  if (before !== content) {
    writeFileSync(target, content);
    written++;
  }
}
let removed = 0;
for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
  if (file.endsWith('.json') && !files.has(file.split(path.sep).join('/'))) {
    rmSync(path.join(root, file));
    removed++;
  }
}
process.stdout.write(`${root}: ${files.size} files, ${written} written, ${removed} removed\n`);
