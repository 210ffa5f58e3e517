import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from './openapi';

/**
 * `npm run openapi -w gateway`: writes the document the gateway serves at
 * /api/docs/openapi.json to a file (by default docs/openapi.json), for tools that want it
 * offline. The file is generated, not kept in git: the served document is the current one.
 */
const target = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'docs', 'openapi.json'));
writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
