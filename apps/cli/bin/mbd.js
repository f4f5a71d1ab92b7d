#!/usr/bin/env node
// `npx mbd`: runs the compiled CLI (npm run build puts it under dist/).
const main = new URL('../../../dist/apps/cli/src/main.js', import.meta.url);
import(main.href).then(
  async (cli) => process.exit(await cli.run()),
  (error) => {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/apps/cli')) {
      console.error('mbd: the CLI is not built yet: run `npm run build` in the mbd checkout');
      process.exit(1);
    }
    throw error;
  },
);
