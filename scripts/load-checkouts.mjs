#!/usr/bin/env node
// Checkout load against a running stack (start it with raised RATE_LIMIT_* first):
//   node scripts/load-checkouts.mjs [shoppers=20] [seconds=30] [pollMs=50]
//   node scripts/load-checkouts.mjs signups [count=100] [signIns=20]
// Prints per-leg latencies and counts as JSON. The work is done by
// packages/stack-tests/src/load.ts (`runCheckouts`), compiled on the fly with swc.
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const Module = require('node:module');
const { transformSync } = require('@swc/core');
Module._extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    module: { type: 'commonjs' },
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  });
  module._compile(code, filename);
};

const load = require('../packages/stack-tests/src/load.ts');
if (process.argv[2] === 'signups') {
  // node scripts/load-checkouts.mjs signups [count=100] [signIns=20]
  const [count = '100', signIns = '20'] = process.argv.slice(3);
  const first = await load.signUp();
  if (!first.shopper) throw new Error(`sign-up answered ${first.status}`);
  const { shoppers: _created, ...burst } = await load.burstSignUps(Number(count), {
    email: first.shopper.email,
    count: Number(signIns),
  });
  console.log(JSON.stringify(burst, null, 2));
  process.exit(0);
}
const [shoppers = '20', seconds = '30', pollMs = '50'] = process.argv.slice(2);
const { runCheckouts } = load;
const run = await runCheckouts({
  shoppers: Number(shoppers),
  durationMs: Number(seconds) * 1000,
  pollMs: Number(pollMs),
});
const { outcomes, ...summary } = run;
console.log(JSON.stringify({ ...summary, attempted: outcomes.length }, null, 2));
