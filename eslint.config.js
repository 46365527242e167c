// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Layer boundaries from docs/architecture.md, enforced here so that a wrong-way import fails CI
 * (the VS Code "code-layering" idea). Each entry: which files, and which imports they may not make.
 */
const NODE = '^(node:.*|fs|fs/promises|path|os|crypto|child_process|http|https|net|url|stream|worker_threads)$';
const ELECTRON = '^electron(/.*)?$';
const layer = (files, patterns, extra = {}) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns }],
    ...extra,
  },
});
const group = (g, message) => ({ group: g, message });
/** Package names are matched exactly (a glob like `electron/*` would also catch `../main/electron/x`). */
const pkg = (regex, message) => ({ regex, message });

const COMPONENTS = ['src/features/**/*.{ts,tsx}', 'src/ui/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}', 'src/shell/**/*.{ts,tsx}'];
const COMPONENT_PATTERNS = [
  group(['**/main/**', '**/preload/**', '**/server/**', '**/scripts/**'], 'src/ (renderer) must not import main/, preload/, server/ or scripts/.'),
  pkg(`${ELECTRON}|${NODE}`, 'The renderer is sandboxed: no electron or Node imports.'),
  pkg('^dexie(-react-hooks)?$', 'Components reach Dexie only through src/data repositories and hooks.'),
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tsbuild/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', 'docs/**/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  // Tool configs are loaded by their tools through a default export.
  { files: ['*.config.{ts,js,mjs}', '*.config.d.mts', 'eslint.config.js'], rules: { 'no-restricted-syntax': 'off' } },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // common/: pure TypeScript, imported by all four; imports none of them.
  layer(['common/**/*.ts'], [
    pkg(`${ELECTRON}|${NODE}|^(react|react-dom|dexie|dexie-react-hooks)(/.*)?$`, 'common/ is pure: no electron, node, DOM, React or Dexie.'),
    group(['**/main/**', '**/src/**', '**/preload/**', '**/server/**', '**/scripts/**'], 'common/ must not import main/, src/, preload/, server/ or scripts/.'),
  ]),
  // src/ (renderer): never main/, preload/, server/, Node or electron. Only src/data and src/sync reach Dexie / window.gavel.
  layer(['src/**/*.{ts,tsx}'], [
    group(['**/main/**', '**/preload/**', '**/server/**', '**/scripts/**'], 'src/ (renderer) must not import main/, preload/, server/ or scripts/.'),
    pkg(`${ELECTRON}|${NODE}`, 'The renderer is sandboxed: no electron or Node imports.'),
  ]),
  layer(COMPONENTS, [
    ...COMPONENT_PATTERNS,
    // A case is judged under its governing policy, delivered by pull (src/data/policies.ts); the
    // built-in default only seeds a fresh install, and only src/data decides when.
    { regex: '^@common/policy(/.*)?$', importNames: ['DEFAULT_POLICY'], message: 'Components judge a case under its governing policy (useGoverningPolicy in src/data/policies.ts), never the built-in default.' },
  ], {
    'no-restricted-properties': ['error', { object: 'window', property: 'gavel', message: 'Reach window.gavel only through src/data or src/sync.' }],
  }),
  // Tests may hand a component the default policy as the policy under test.
  layer(COMPONENTS.map((f) => f.replace('*.{ts,tsx}', '*.test.{ts,tsx}')), COMPONENT_PATTERNS),
  // main/: never the renderer; electron only inside main/electron/.
  layer(['main/**/*.ts'], [
    group(['**/src/**', '**/preload/**'], 'main/ must not import src/ or preload/.'),
    pkg(ELECTRON, 'Only main/electron/ may import electron; keep services runnable in plain Node.'),
  ]),
  layer(['main/electron/**/*.ts'], [group(['**/src/**', '**/preload/**'], 'main/ must not import src/ or preload/.')]),
  layer(['preload/**/*.ts'], [
    group(['**/main/**', '**/src/**', '**/server/**'], 'preload/ builds window.gavel from common/ipc only.'),
    pkg(NODE, 'The preload is sandboxed: no Node imports.'),
  ]),
  layer(['server/**/*.ts'], [
    group(['**/main/**', '**/src/**', '**/preload/**'], 'server/ is a standalone service: it shares only common/.'),
    pkg(ELECTRON, 'server/ runs without electron.'),
  ]),
);
