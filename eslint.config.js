// ESLint flat config: Salesforce's LWC rules for the components (TypeScript), typescript-eslint for
// localorg and the scripts.
import { createRequire } from 'node:module';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const require = createRequire(import.meta.url);
const lwcRecommendedTs = require('@salesforce/eslint-config-lwc/recommended-ts');

const scope = (files, configs) => configs.map((config) => ({ ...config, files }));

export default [
  {
    ignores: [
      'node_modules/**',
      '.localorg/**',
      '.sfdx/**',
      '.sf/**',
      'coverage/**',
      'test-results/**',
      // the deployable package (npm run package)
      'build/**',
      // compiled output of the TypeScript components (npm run build)
      'force-app/**/lwc/**/*.js',
      // third-party libraries shipped unchanged as static resources
      'force-app/**/staticresources/**/*.min.js',
    ],
  },
  ...scope(['force-app/**/lwc/**/*.ts', 'e2e/fixtures/**/lwc/**/*.ts'], lwcRecommendedTs),
  {
    files: ['force-app/**/lwc/**/*.ts', 'e2e/fixtures/**/lwc/**/*.ts'],
    // typescript-eslint's parser knows type positions (Babel's reports `interface { status }` as
    // a use of the global `status`); tsc --noEmit checks undefined names, type names included
    languageOptions: { parser: tseslint.parser },
    // and the names of a function type's parameters are no variables: its rule knows that
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-undef': 'off',
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': 'error',
      // tsc checks that an imported name, default or namespace member exists; these rules parse
      // every imported module again (import/namespace was half of the lint's rule time)
      'import/named': 'off',
      'import/default': 'off',
      'import/namespace': 'off',
    },
  },
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' },
  },
  ...scope(
    [
      'localorg/**/*.ts',
      'scripts/**/*.ts',
      'demo/**/*.ts',
      'e2e/*.ts',
      'chaos/**/*.ts',
      'test/**/*.ts',
    ],
    tseslint.configs.recommended,
  ),
  {
    files: [
      'localorg/**/*.ts',
      'scripts/**/*.ts',
      'demo/**/*.ts',
      'e2e/*.ts',
      'chaos/**/*.ts',
      'test/**/*.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['*.js', 'localorg/bin/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
];
