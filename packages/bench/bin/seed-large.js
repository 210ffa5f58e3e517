#!/usr/bin/env node
// `npm run seed-large -w packages/bench`: seeds a running bench profile (SIDECART_PROFILE=test
// for the tests' one) with 10,000 products and 100,000 past orders; see src/seed-large.ts.
'use strict';
const { run } = require('./ts');

run(require('../src/seed-large.ts').seedLargeCli);
