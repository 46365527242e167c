import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export const alias = { '@common': fileURLToPath(new URL('./common', import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['{common,server,main,preload,src,scripts,integration,testing}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
