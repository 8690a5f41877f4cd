#!/usr/bin/env node
// Entry point of the `riptide` command. It runs the TypeScript sources directly: SWC compiles each
// module on load and keeps the decorator metadata NestJS needs, so no build step stands between a
// checkout and a working command.
const { join } = require('node:path');
process.env.SWC_NODE_PROJECT ??= join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('../apps/cli/src/main.ts');
