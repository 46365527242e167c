// @ts-check
/**
 * The import graph's rules (docs/architecture.md, "Rooms and arrows"), checked by `npm run lint`
 * with dependency-cruiser. ESLint's no-restricted-imports keeps the per-file layer rules; this file
 * holds what needs the whole graph: cycles, the process boundaries as paths, and the feature wing's
 * shape (features reach each other only through a leaf feature's public index, never upward).
 * `scripts/depcruise.test.ts` builds a small tree that breaks each rule once and proves it bites.
 */

/** Features that compose others (pages); every other folder under src/features is a leaf. */
export const COMPOSITE_FEATURES = ['workstation', 'qa', 'settings'];

const composite = `^src/features/(${COMPOSITE_FEATURES.join('|')})/`;
const anyFeature = '^src/features/[^/]+/';
/** Test code may cross boundaries that product code may not (it drives several processes at once). */
const TEST_CODE = ['\\.test\\.tsx?$', '^server/test/', '^testing/', '^e2e/', '^integration/'];

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
export const forbidden = [
  {
    name: 'no-cycles',
    severity: 'error',
    comment: 'A cycle means two modules cannot be understood, tested or moved apart.',
    from: {},
    to: { circular: true },
  },
  {
    name: 'common-imports-only-common',
    severity: 'error',
    comment: 'common/ is the ground floor, imported by all four processes; it imports none of them.',
    from: { path: '^common/', pathNot: TEST_CODE },
    to: { path: '^(main|src|preload|server|scripts|testing|e2e|integration)/' },
  },
  {
    name: 'renderer-stays-in-the-sandbox',
    severity: 'error',
    comment: 'src/ talks to main only through window.gavel; it never imports another process.',
    from: { path: '^src/', pathNot: TEST_CODE },
    to: { path: '^(main|preload|server|scripts)/' },
  },
  {
    name: 'main-never-imports-the-renderer',
    severity: 'error',
    from: { path: '^main/', pathNot: TEST_CODE },
    to: { path: '^(src|preload|scripts)/' },
  },
  {
    name: 'preload-builds-from-common-only',
    severity: 'error',
    from: { path: '^preload/' },
    to: { path: '^(main|src|server|scripts)/' },
  },
  {
    name: 'server-shares-only-common',
    severity: 'error',
    comment: 'server/ is a standalone service; scripts are its clients (server ↛ scripts).',
    from: { path: '^server/', pathNot: TEST_CODE },
    to: { path: '^(main|src|preload|scripts)/' },
  },
  {
    name: 'electron-only-in-main-electron-and-preload',
    severity: 'error',
    from: { pathNot: ['^main/electron/', '^preload/', '^testing/', '^e2e/', '\\.config\\.'] },
    to: { path: '^electron$|node_modules/electron/' },
  },
  {
    name: 'product-code-never-imports-test-support',
    severity: 'error',
    from: { path: '^(common|main|preload|src|server)/', pathNot: TEST_CODE },
    to: { path: '^(testing|e2e|integration)/|\\.test\\.tsx?$' },
  },
  {
    name: 'feature-to-feature-through-the-public-index',
    severity: 'error',
    comment: "Another feature's insides are its own business: import its index.ts.",
    from: { path: '^src/features/([^/]+)/', pathNot: TEST_CODE },
    to: { path: anyFeature, pathNot: ['^src/features/$1/', '^src/features/[^/]+/index\\.tsx?$'] },
  },
  {
    name: 'leaf-features-import-no-feature',
    severity: 'error',
    comment: `Only the composing features (${COMPOSITE_FEATURES.join(', ')}) import other features, and only leaves.`,
    from: { path: '^src/features/([^/]+)/', pathNot: [composite, ...TEST_CODE] },
    to: { path: anyFeature, pathNot: '^src/features/$1/' },
  },
  {
    name: 'composite-features-import-only-leaves',
    severity: 'error',
    from: { path: '^src/features/([^/]+)/', pathNot: TEST_CODE },
    to: { path: composite, pathNot: '^src/features/$1/' },
  },
  {
    name: 'renderer-floors-point-down',
    severity: 'error',
    comment: 'shell composes features; features use app, ui, data; app, ui and data never reach up.',
    from: { path: '^src/(app|ui|data|sync)/', pathNot: TEST_CODE },
    to: { path: '^src/(features|shell)/|^src/main\\.tsx$' },
  },
  {
    name: 'data-below-app-and-ui',
    severity: 'error',
    from: { path: '^src/(data|sync)/', pathNot: TEST_CODE },
    to: { path: '^src/(app|ui)/' },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|\\.tsbuild|node_modules|test-results|bench/results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] },
    skipAnalysisNotInRules: true,
  },
};
