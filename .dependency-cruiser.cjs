/** Enforces the dependency rule of ../shared/ARCHITECTURE.md (see docs/adr/0001). */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'core imports no I/O: no node builtins and no npm packages',
      severity: 'error',
      from: { path: '^src/core', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      from: { path: '^src/core' },
      to: { path: '^src/(app|adapters|api|config|main)' },
    },
    {
      name: 'app-no-adapters-or-api',
      comment: 'use cases talk to the outside through app/ports',
      severity: 'error',
      from: { path: '^src/app' },
      to: { path: '^src/(adapters|api|main)' },
    },
    {
      name: 'adapters-not-api',
      severity: 'error',
      from: { path: '^src/adapters' },
      to: { path: '^src/(api|main)' },
    },
    {
      name: 'api-not-adapters',
      comment: 'the edge reaches storage only through use cases and ports',
      severity: 'error',
      from: { path: '^src/api' },
      to: { path: '^src/(adapters|main)' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
