import 'reflect-metadata';
import { bootstrapDaemon } from './bootstrap.js';

bootstrapDaemon().catch((error: unknown) => {
  console.error(`mbd: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
