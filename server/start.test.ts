import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const FAKER = '@faker-js/faker';

/** Packages an output imports, following static imports into other outputs; `import()` chunks are not followed. */
function staticPackages(meta: Metafile, output: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(output)) return out;
  seen.add(output);
  for (const imp of meta.outputs[output]?.imports ?? []) {
    if (imp.kind !== 'import-statement') continue;
    if (imp.external) out.add(imp.path);
    else for (const p of staticPackages(meta, imp.path, seen)) out.add(p);
  }
  return out;
}

describe('the demo generator is loaded only when seeding', () => {
  it('server/start.ts and the Electron main reach faker only through a dynamic import()', async () => {
    // Bundled the way the app is built (code splitting, packages left to node_modules), so the
    // import graph is the one a running process follows.
    const r = await build({
      entryPoints: { start: path.join(root, 'server/start.ts'), main: path.join(root, 'main/index.ts') },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      outdir: path.join(root, '.tsbuild', 'lazy-faker-check'),
      write: false,
      metafile: true,
      tsconfig: path.join(root, 'tsconfig.node.json'),
      logLevel: 'silent',
    });
    const meta = r.metafile;
    const entry = (name: string) => Object.keys(meta.outputs).find((o) => meta.outputs[o]?.entryPoint?.endsWith(name))!;
    for (const name of ['server/start.ts', 'main/index.ts']) {
      const packages = staticPackages(meta, entry(name));
      expect(packages.has('kysely'), `${name} is bundled with its static imports`).toBe(true);
      expect(packages.has(FAKER), `${name} loads faker at start-up`).toBe(false);
    }
    // And faker is there, behind the import() that seeding does: the check above can fail.
    const lazy = Object.entries(meta.outputs).filter(([, o]) => o.imports.some((i) => i.path === FAKER));
    expect(lazy.length).toBeGreaterThan(0);
    expect(lazy.every(([, o]) => Object.keys(o.inputs).some((i) => i.endsWith('server/demo/rng.ts')))).toBe(true);
  });
});
