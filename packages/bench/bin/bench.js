#!/usr/bin/env node
// `npm run bench`: see src/main.ts.
'use strict';
const { run } = require('./ts');

run(require('../src/main.ts').main);
