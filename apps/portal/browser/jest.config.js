/* eslint-disable @typescript-eslint/no-require-imports, no-undef -- CommonJS run by jest under Node */
/**
 * Browser end-to-end tests of the admin portal (`npm run test:browser`, after `npm run build`): the stack started
 * as `npm start` starts it, driven with playwright-core through Debian's /usr/bin/chromium. Not part of `npm test`.
 */
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
module.exports = {
  rootDir: root,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/apps/portal/browser/*.browser-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.json'), diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 120000,
};
