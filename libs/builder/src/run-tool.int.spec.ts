import { describe, expect, it } from 'vitest';
import { runTool } from './run-tool.js';

describe('runTool', () => {
  it('stops a tool that writes more than maxOutputBytes and answers with its beginning, marked truncated', async () => {
    // `yes` never ends by itself: only the bound stops it.
    const output = await runTool('yes', ['mbd'], { maxOutputBytes: 4096, timeoutMs: 60_000 });
    expect(output.truncated).toBe(true);
    expect(output.stdout.length).toBeLessThanOrEqual(4096);
    expect(output.stdout.startsWith('mbd\nmbd\n')).toBe(true);
  });

  it('answers a tool within the bound in full, not truncated', async () => {
    const output = await runTool('echo', ['hello'], { maxOutputBytes: 4096 });
    expect(output).toEqual({ stdout: 'hello', exitCode: 0 });
  });
});
