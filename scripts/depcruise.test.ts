import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cruise } from 'dependency-cruiser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forbidden } from '../dependency-cruiser.config.mjs';

/**
 * A probe that each import-graph rule bites: a small tree where every rule is broken exactly once
 * (and the allowed shapes appear beside them), cruised with the real rule set.
 */
const TREE: Record<string, string> = {
  // Allowed: a composite feature importing a leaf through its index; a leaf's index re-exporting itself.
  'src/features/workstation/Page.tsx': `import { List } from '../queue/index';\nexport const Page = List;`,
  'src/features/queue/index.ts': `export { List } from './List';`,
  'src/features/queue/List.tsx': `import { cell } from '../../ui/cell';\nexport const List = cell;`,
  'src/ui/cell.ts': `export const cell = 1;`,
  // feature-to-feature-through-the-public-index (and leaf-features-import-no-feature's allowed twin)
  'src/features/qa/Review.tsx': `import { List } from '../queue/List';\nexport const Review = List;`,
  // leaf-features-import-no-feature
  'src/features/history/Panes.tsx': `import { List } from '../queue/index';\nexport const Panes = List;`,
  // composite-features-import-only-leaves
  'src/features/settings/Page.tsx': `import { Page } from '../workstation/index';\nexport const S = Page;`,
  'src/features/workstation/index.ts': `export { Page } from './Page';`,
  // renderer-floors-point-down
  'src/app/router.ts': `import { List } from '../features/queue/index';\nexport const r = List;`,
  // data-below-app-and-ui
  'src/data/repo.ts': `import { cell } from '../ui/cell';\nexport const repo = cell;`,
  // renderer-stays-in-the-sandbox
  'src/sync/engine.ts': `import { svc } from '../../main/services/svc';\nexport const e = svc;`,
  'main/services/svc.ts': `export const svc = 1;`,
  // main-never-imports-the-renderer
  'main/services/bad.ts': `import { repo } from '../../src/data/repo';\nexport const b = repo;`,
  // preload-builds-from-common-only
  'preload/index.ts': `import { svc } from '../main/services/svc';\nexport const p = svc;`,
  // server-shares-only-common
  'server/start.ts': `import { gen } from '../scripts/gen';\nexport const s = gen;`,
  'scripts/gen.ts': `export const gen = 1;`,
  // common-imports-only-common
  'common/rules/engine.ts': `import { s } from '../../server/start';\nexport const c = s;`,
  // product-code-never-imports-test-support
  'server/app.ts': `import { fixture } from '../testing/fixture';\nexport const a = fixture;`,
  'testing/fixture.ts': `export const fixture = 1;`,
  // no-cycles
  'common/a.ts': `import { b } from './b';\nexport const a = () => b;`,
  'common/b.ts': `import { a } from './a';\nexport const b = () => a;`,
  // electron-only-in-main-electron-and-preload
  'main/services/window.ts': `import { app } from 'electron';\nexport const w = app;`,
  'node_modules/electron/package.json': `{"name":"electron","main":"index.js"}`,
  'node_modules/electron/index.js': `module.exports = {};`,
};

describe('import-graph rules (dependency-cruiser.config.mjs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-depcruise-'));
    for (const [file, text] of Object.entries(TREE)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each rule exactly where the probe tree breaks it, and nothing on the allowed shapes', async () => {
    {
      const result = await cruise(['src', 'main', 'preload', 'server', 'common', 'scripts', 'testing'], {
        ruleSet: { forbidden },
        doNotFollow: { path: 'node_modules' },
        tsPreCompilationDeps: true,
        baseDir: dir,
        validate: true,
      });
      if (typeof result.output === 'string') throw new Error('expected a cruise result object');
      expect(result.output.summary.totalCruised).toBeGreaterThanOrEqual(Object.keys(TREE).length - 2);
      const seen = result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
      expect(seen).toEqual(
        [
          'common-imports-only-common: common/rules/engine.ts -> server/start.ts',
          'composite-features-import-only-leaves: src/features/settings/Page.tsx -> src/features/workstation/index.ts',
          'data-below-app-and-ui: src/data/repo.ts -> src/ui/cell.ts',
          'electron-only-in-main-electron-and-preload: main/services/window.ts -> node_modules/electron/index.js',
          'feature-to-feature-through-the-public-index: src/features/qa/Review.tsx -> src/features/queue/List.tsx',
          'leaf-features-import-no-feature: src/features/history/Panes.tsx -> src/features/queue/index.ts',
          'main-never-imports-the-renderer: main/services/bad.ts -> src/data/repo.ts',
          'no-cycles: common/a.ts -> common/b.ts',
          'preload-builds-from-common-only: preload/index.ts -> main/services/svc.ts',
          'product-code-never-imports-test-support: server/app.ts -> testing/fixture.ts',
          'renderer-floors-point-down: src/app/router.ts -> src/features/queue/index.ts',
          'renderer-stays-in-the-sandbox: src/sync/engine.ts -> main/services/svc.ts',
          'server-shares-only-common: server/start.ts -> scripts/gen.ts',
        ].sort(),
      );
    }
  }, 60_000);
});
