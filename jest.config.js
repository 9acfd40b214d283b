/** Unit, integration (real database) and end-to-end tests, all run by `npm test`. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '/(apps|libs|test)/.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/(scim|persistence|testing|platform|provisioning-core|odata)$': '<rootDir>/libs/$1/src',
    '^@app/(scim|persistence|testing|platform|provisioning-core|odata)/(.*)$': '<rootDir>/libs/$1/src/$2',
    '^@app/(scim-target|entra)$': '<rootDir>/apps/$1/src',
    '^@app/(scim-target|entra)/(.*)$': '<rootDir>/apps/$1/src/$2',
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
};
