#!/usr/bin/env node
// Runs the build tool (TypeScript) through the same loader as `bin/riptide.cjs`: the build is a
// development tool, run from a checkout with its devDependencies.
const { join } = require('node:path');
process.env.SWC_NODE_PROJECT ??= join(__dirname, '..', '..', 'tsconfig.json');
require('@swc-node/register');
require('./build-dist.ts');
