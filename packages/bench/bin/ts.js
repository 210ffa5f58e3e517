// Runs the benchmark's TypeScript sources directly, compiled on load by @swc/core (the
// compiler jest already uses here), so it calls the full-stack tests' harness
// (packages/stack-tests/src) as it is, with no build step of its own.
'use strict';
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

// The benchmark runs the shop in its own profile (scripts/profile.mjs): its own databases and
// broker keys, emptied at the start, so neither the shop's data nor the tests' are touched.
process.env.SIDECART_PROFILE ??= 'bench';

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    // import() stays a dynamic import, so ES-module-only packages (lighthouse) load.
    module: { type: 'commonjs', ignoreDynamic: true },
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  });
  module._compile(code, filename);
};

/** Runs `main(argv)` of a TypeScript module and exits with its code; a UsageError prints no stack. */
module.exports.run = (main) =>
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? (err.name === 'UsageError' ? err.message : err.stack) : err);
      process.exit(1);
    },
  );
