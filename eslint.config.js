import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const libs = ['config', 'events', 'debian', 'gpg', 'archive', 'projections', 'repository', 'incoming', 'builder', 'web', 'workflows'];
// No deep imports into another lib: only @mbd/<name>.
const deepImports = libs.map((name) => ({ group: [`@mbd/${name}/*`, `**/libs/${name}/**`], message: `import @mbd/${name}, not a path inside it` }));
// libs/archive and libs/debian are pure: no framework, no database, no processes, no file system.
const impure = [
  { group: ['@nestjs/*'], message: 'pure lib: no Nest here' },
  { group: ['typeorm', 'typeorm/*'], message: 'pure lib: no TypeORM here' },
  { group: ['execa'], message: 'pure lib: no processes here' },
  { group: ['node:fs', 'node:fs/*', 'fs', 'fs/*'], message: 'pure lib: no file system here' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-imports': ['error', { patterns: deepImports }],
    },
  },
  // The pages' own script runs in browsers.
  { files: ['libs/web/assets/**/*.js'], languageOptions: { globals: globals.browser, sourceType: 'script' } },
  {
    files: ['libs/archive/**/*.ts', 'libs/debian/**/*.ts'],
    ignores: ['**/*.int.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...deepImports, ...impure] }] },
  },
);
