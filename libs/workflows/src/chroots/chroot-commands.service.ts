import { Injectable, Logger } from '@nestjs/common';
import { ChrootManager, type Chroot } from '@mbd/builder';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { ArchiveError, chrootDecider, type ChrootCommand } from '@mbd/archive';
import { EventStore, configurationStream, handleCommand, type ChrootConfig } from '@mbd/events';
import { randomUUID } from 'node:crypto';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { chrootKey } from '../configuration/configuration-state.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';

const configOf = (chroot: Chroot): ChrootConfig => ({
  codename: chroot.codename,
  architecture: chroot.architecture,
  mirror: chroot.mirror,
  tarball: chroot.tarball,
});

/**
 * Makes, remakes and removes build chroots (mmdebstrap, via the builder) and records each change as an
 * event. The chroot of a codename and architecture is recorded once in the log; each daemon sharing the
 * event store makes its own copy in its data directory (schroot names are machine-wide, so each daemon's
 * sessions stay its own).
 */
@Injectable()
export class ChrootCommandsService {
  private readonly logger = new Logger('chroots');

  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly store: EventStore,
    private readonly chroots: ChrootManager,
    private readonly configuration: ConfigurationService,
  ) {}

  async list() {
    const made = await this.chroots.list();
    const known = this.configuration.current().chroots;
    return made.map((chroot) => ({
      name: chroot.name,
      codename: chroot.codename,
      architecture: chroot.architecture,
      mode: chroot.mode,
      mirror: chroot.mirror,
      sha256: chroot.tarball.sha256,
      size: chroot.tarball.size,
      createdAt: chroot.createdAt,
      recorded: known.get(chrootKey(chroot.codename, chroot.architecture))?.tarball.sha256 === chroot.tarball.sha256,
    }));
  }

  async create(codename: string, architecture: string, actor = 'admin') {
    const mirror = this.mirrorOf(codename);
    this.logger.log(`making chroot ${codename}/${architecture} from ${mirror}`);
    const chroot = await this.chroots.create({ codename, architecture, mirror });
    try {
      await this.decide({ type: 'CreateChroot', data: configOf(chroot) }, actor);
    } catch (error) {
      // Recorded already: by another daemon sharing the event store (each daemon makes its own), or before this data directory lost its chroot.
      if (!(error instanceof ArchiveError && error.code === 'configuration-exists')) throw error;
      this.logger.log(`chroot ${codename}/${architecture} was recorded already; this daemon's own copy is made (${chroot.name})`);
    }
    return { name: chroot.name, seconds: chroot.seconds, sha256: chroot.tarball.sha256 };
  }

  async update(codename: string, architecture: string, actor = 'admin') {
    const chroot = await this.chroots.update(codename, architecture, this.mirrorOf(codename));
    await this.decide({ type: 'UpdateChroot', data: configOf(chroot) }, actor);
    return { name: chroot.name, seconds: chroot.seconds, sha256: chroot.tarball.sha256 };
  }

  async remove(codename: string, architecture: string, actor = 'admin') {
    await this.chroots.remove(codename, architecture);
    await this.decide({ type: 'RemoveChroot', data: { codename, architecture } }, actor);
    return { removed: `${codename}-${architecture}` };
  }

  /** The mirror of the codename's configured source, else MBD_MIRROR. */
  private mirrorOf(_codename: string): string {
    return this.config.mirror;
  }

  private async decide(command: Omit<ChrootCommand, 'metadata'>, actor: string): Promise<void> {
    const { codename, architecture } = command.data;
    await handleCommand(this.store, configurationStream('chroot', `${codename}-${architecture}`), chrootDecider, {
      ...command,
      metadata: daemonCommandMetadata(randomUUID(), undefined, { kind: 'user', name: actor }),
    } as ChrootCommand);
    await this.configuration.catchUp();
  }
}
