import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { localBuilderNameOf, type MbdConfig } from '@mbd/config';
import { BuilderPool } from './build/builder-pool.js';
import { Builder } from './build/builder.port.js';
import { ChrootManager, type ChrootManagerOptions } from './chroot/chroot-manager.js';
import { Lintian } from './lintian/lintian.adapter.js';
import { Autopkgtest } from './qa/autopkgtest.adapter.js';
import { Piuparts } from './qa/piuparts.adapter.js';
import { SbuildBuilder } from './sbuild/sbuild.adapter.js';

export interface BuilderModuleOptions {
  /**
   * Overrides for the chroot manager: name prefix, mode, included packages, schroot config dir, or
   * another chroot directory (e.g. tests sharing the chroots of testing/test-chroot.ts).
   */
  readonly chroots?: Partial<ChrootManagerOptions>;
}

/** Where the module keeps its files under the data directory. */
export const builderPaths = (dataDir: string) => ({
  chroots: join(dataDir, 'chroots'),
});

/**
 * The build side of this instance: the ChrootManager (chroots under `<dataDir>/chroots`), the local
 * Builder (sbuild, named `local@<daemon name>`, at most MBD_BUILD_JOBS builds at once, logs bounded by MBD_BUILD_LOG_MAX_BYTES; token
 * `Builder`), Lintian (bounded by MBD_LINTIAN_TIMEOUT_S), and the QA tools Piuparts and Autopkgtest (each
 * bounded by MBD_QA_TIMEOUT_S, logs by MBD_BUILD_LOG_MAX_BYTES).
 */
@Module({})
export class BuilderModule {
  static forRoot(config: MbdConfig, options: BuilderModuleOptions = {}): DynamicModule {
    const paths = builderPaths(config.dataDir);
    return {
      module: BuilderModule,
      providers: [
        { provide: ChrootManager, useFactory: () => new ChrootManager({ dir: paths.chroots, ...options.chroots }) },
        {
          provide: Builder,
          inject: [ChrootManager],
          useFactory: (chroots: ChrootManager) => new BuilderPool(new SbuildBuilder({ chroots, logMaxBytes: config.buildLogMaxBytes, name: localBuilderNameOf(config) }), config.buildJobs),
        },
        { provide: Lintian, useFactory: () => new Lintian({ timeoutSeconds: config.lintianTimeoutS }) },
        { provide: Piuparts, useFactory: () => new Piuparts({ timeoutSeconds: config.qaTimeoutS, logMaxBytes: config.buildLogMaxBytes }) },
        { provide: Autopkgtest, useFactory: () => new Autopkgtest({ timeoutSeconds: config.qaTimeoutS, logMaxBytes: config.buildLogMaxBytes }) },
      ],
      exports: [ChrootManager, Builder, Lintian, Piuparts, Autopkgtest],
    };
  }
}
