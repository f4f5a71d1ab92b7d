import { Test } from '@nestjs/testing';
import { configSchema } from '@mbd/config';
import { describe, expect, it } from 'vitest';
import { BuilderPool } from './build/builder-pool.js';
import { Builder } from './build/builder.port.js';
import { BuilderModule } from './builder.module.js';
import { ChrootManager } from './chroot/chroot-manager.js';
import { Lintian } from './lintian/lintian.adapter.js';
import { Autopkgtest } from './qa/autopkgtest.adapter.js';
import { Piuparts } from './qa/piuparts.adapter.js';

describe('BuilderModule.forRoot', () => {
  it('provides the chroots of the data directory, a local builder named after the daemon with MBD_BUILD_JOBS slots, lintian, piuparts and autopkgtest (MBD_QA_TIMEOUT_S, default 30 min)', async () => {
    const config = configSchema.parse({ dataDir: '/srv/mbd', buildJobs: 3, lintianTimeoutS: 42, daemonName: 'build-a' });
    const module = await Test.createTestingModule({ imports: [BuilderModule.forRoot(config, { chroots: { mode: 'unshare' } })] }).compile();
    const chroots = module.get(ChrootManager);
    expect(chroots.dir).toBe('/srv/mbd/chroots');
    expect(chroots.mode).toBe('unshare');
    const builder = module.get(Builder);
    expect(builder).toBeInstanceOf(BuilderPool);
    expect(builder.name).toBe('local@build-a'); // BuildStarted says which daemon builds
    expect((builder as BuilderPool).slots).toBe(3);
    expect(module.get(Lintian)).toBeInstanceOf(Lintian);
    expect(module.get(Lintian).timeoutSeconds).toBe(42);
    expect(module.get(Piuparts).timeoutSeconds).toBe(1800);
    expect(module.get(Autopkgtest).timeoutSeconds).toBe(1800);
    await module.close();
  });
});
