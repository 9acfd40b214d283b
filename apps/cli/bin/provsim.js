#!/usr/bin/env node
'use strict';
/**
 * The `provsim` command. Runs the built CLI (dist/apps/cli/…, from `npm run build`) when it is there; otherwise, in a
 * checkout without a build, compiles the TypeScript sources on the fly (ts-node, transpile only, with the
 * repository's path aliases). PROVSIM_CLI_FROM_SOURCE=1 forces the sources even when a build exists.
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..', '..');
const built = join(root, 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js');
const fromSource = process.env.PROVSIM_CLI_FROM_SOURCE === '1' || process.env.PROVSIM_CLI_FROM_SOURCE === 'true';

if (!fromSource && existsSync(built)) {
  require(built).runFromProcess();
} else {
  let tsNode;
  let tsconfigPaths;
  try {
    tsNode = require('ts-node');
    tsconfigPaths = require('tsconfig-paths');
  } catch {
    process.stderr.write('provsim: no build found (run `npm run build`) and ts-node is not installed to run the sources\n');
    process.exit(2);
  }
  const project = join(root, 'tsconfig.json');
  tsNode.register({ project, transpileOnly: true });
  const config = tsconfigPaths.loadConfig(root);
  if (config.resultType === 'success') tsconfigPaths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
  require('reflect-metadata');
  require(join(root, 'apps', 'cli', 'src', 'main.ts')).runFromProcess();
}
