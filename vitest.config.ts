import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const alias = Object.fromEntries(
  readdirSync(`${root}libs`).map((name) => [`@mbd/${name}`, `${root}libs/${name}/src/index.ts`]),
);
const plugins = [swc.vite({ module: { type: 'es6' }, jsc: { transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic', importSource: 'preact' } } } })];

export default defineConfig({
  plugins,
  resolve: { alias },
  test: {
    projects: [
      { plugins, resolve: { alias }, test: { name: 'unit', include: ['{apps,libs}/**/*.unit.spec.ts'], testTimeout: 20_000 } },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'int',
          include: ['{apps,libs}/**/*.int.spec.ts'],
          globalSetup: ['test/support/postgres.global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.spec.ts'],
          testTimeout: 900_000,
          hookTimeout: 1_200_000,
          fileParallelism: false,
          globalSetup: ['test/support/build.global-setup.ts', 'test/support/postgres.global-setup.ts'],
        },
      },
    ],
  },
});
