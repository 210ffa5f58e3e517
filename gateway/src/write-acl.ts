import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spliceGatewayPolicy } from './acl';
import { SERVICES } from './config';

/**
 * `npm run acl -w gateway`: rewrites the gateway's access policy in each service's Dapr
 * Configuration (components/config/<app>.yaml) from the route table. Run it after changing
 * gateway/src/routes/table.ts; gateway/test/acl.test.ts fails until the files match.
 */
const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'components', 'config'));
for (const app of SERVICES) {
  const file = path.join(dir, `${app}.yaml`);
  const before = readFileSync(file, 'utf8');
  const after = spliceGatewayPolicy(before, app);
  if (after !== before) writeFileSync(file, after);
  process.stdout.write(`${after === before ? 'unchanged' : 'wrote'} ${file}\n`);
}
