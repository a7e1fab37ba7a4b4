#!/usr/bin/env node
'use strict';
// Entry point of the `tourniquet` command: runs the compiled CLI from dist/.
const path = require('node:path');
const fs = require('node:fs');

const main = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write(
    'tourniquet: the compiled CLI is missing (dist/cli/main.js). Run `npm start` once, or `npm run build`.\n',
  );
  process.exit(2);
}
require(main);
