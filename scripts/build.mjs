// Compiles apps/, libs/, migrations/ and bench/ to dist/ with swc: decorator metadata for Nest and
// TypeORM, ES modules, and the @mbd/* aliases rewritten to relative paths. Type checking is `npm run typecheck`.
import { transformFile } from '@swc/core';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

const root = process.cwd();
const out = join(root, 'dist');
const roots = ['apps', 'libs', 'migrations', 'bench', 'test/support'];

async function* sources(dir) {
  let entries;
  try { entries = await readdir(dir, { withFileTypes: true }); } catch { return; }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) { if (entry.name !== 'node_modules') yield* sources(path); }
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.includes('.spec.')) yield path;
  }
}

const libs = (await readdir(join(root, 'libs'))).filter((name) => !name.startsWith('.'));
const paths = Object.fromEntries(libs.map((name) => [`@mbd/${name}`, [`libs/${name}/src/index.ts`]]));

await rm(out, { recursive: true, force: true });
const jobs = [];
for (const top of roots) {
  for await (const file of sources(join(root, top))) {
    jobs.push((async () => {
      const { code, map } = await transformFile(file, {
        swcrc: false,
        sourceMaps: true,
        module: { type: 'es6', resolveFully: true },
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true, tsx: file.endsWith('.tsx') },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false, react: { runtime: 'automatic', importSource: 'preact' } },
          keepClassNames: true,
          baseUrl: root,
          paths,
        },
      });
      const target = join(out, relative(root, file)).replace(/\.tsx?$/, '.js');
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, code + `\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
      if (map) await writeFile(`${target}.map`, map);
    })());
  }
}
await Promise.all(jobs);
// Files the code reads beside itself (the web pages' stylesheet and script): libs/<name>/assets/.
for (const name of libs) await cp(join(root, 'libs', name, 'assets'), join(out, 'libs', name, 'assets'), { recursive: true }).catch((error) => { if (error.code !== 'ENOENT') throw error; });
await writeFile(join(out, 'package.json'), '{ "type": "module" }\n');
console.log(`built ${jobs.length} files into dist/`);
