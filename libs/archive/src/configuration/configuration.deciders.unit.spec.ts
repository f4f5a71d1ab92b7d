import { ChrootCreated, ChrootRemoved, RepositoryChanged, RepositoryCreated, SourceAdded, UploaderAdded, UploaderRemoved } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.js';
import { commandMetadata, fileRef, metadata, testRepository } from '../testing/fixtures.js';
import { chrootDecider, repositoryDecider, sourceDecider, uploaderDecider } from './configuration.deciders.js';

const fingerprint = 'AAAABBBBCCCCDDDDEEEEFFFF0000111122223333';

describe('repository configuration', () => {
  const given = deciderSpecification(repositoryDecider);
  const create = { type: 'CreateRepository' as const, data: testRepository, metadata: commandMetadata };
  const changed = { ...testRepository, allowUnsignedUploads: true };

  it('is created once, changed as a whole, and a change that changes nothing records nothing', () => {
    given([]).when(create).then([RepositoryCreated.create(testRepository, metadata)]);
    expect(() => given([RepositoryCreated.create(testRepository, metadata)]).when(create).events()).toThrow('repository test already exists');
    given([RepositoryCreated.create(testRepository, metadata)])
      .when({ type: 'ChangeRepository', data: changed, metadata: commandMetadata })
      .then([RepositoryChanged.create(changed, metadata)]);
    given([RepositoryCreated.create(testRepository, metadata)]).when({ type: 'ChangeRepository', data: testRepository, metadata: commandMetadata }).thenNothing();
    expect(() => given([]).when({ type: 'ChangeRepository', data: changed, metadata: commandMetadata }).events()).toThrow('repository test does not exist');
  });

  it('refuses an invalid configuration with the schema’s reason', () => {
    const bad = { ...testRepository, codenames: [{ ...testRepository.codenames[0]!, components: ['contrib'] }] };
    expect(() => given([]).when({ type: 'CreateRepository', data: bad, metadata: commandMetadata }).events()).toThrow('component main is mandatory');
  });
});

describe('sources, chroots and uploaders', () => {
  it('adds a source once', () => {
    const source = { codename: 'bookworm', origin: 'Debian', mirror: 'http://deb.debian.org/debian', components: ['main'], archiveKeys: [] };
    deciderSpecification(sourceDecider)([]).when({ type: 'AddSource', data: source, metadata: commandMetadata }).then([SourceAdded.create(source, metadata)]);
  });

  it('creates and removes a chroot, and refuses to remove an absent one', () => {
    const given = deciderSpecification(chrootDecider);
    const chroot = { codename: 'bookworm', architecture: 'amd64', mirror: 'http://deb.debian.org/debian', tarball: { path: '/var/lib/mbd/chroots/bookworm-amd64.tar.zst', sha256: 'f'.repeat(64), size: 1 } };
    given([]).when({ type: 'CreateChroot', data: chroot, metadata: commandMetadata }).then([ChrootCreated.create(chroot, metadata)]);
    const remove = { type: 'RemoveChroot' as const, data: { codename: 'bookworm', architecture: 'amd64' }, metadata: commandMetadata };
    given([ChrootCreated.create(chroot, metadata)]).when(remove).then([ChrootRemoved.create(remove.data, metadata)]);
    expect(() => given([ChrootCreated.create(chroot, metadata), ChrootRemoved.create(remove.data, metadata)]).when(remove).events()).toThrow('does not exist');
  });

  it('lets a key upload to a repository once, and removes it', () => {
    const given = deciderSpecification(uploaderDecider);
    const added = { repository: 'test', fingerprint, name: 'Jane <jane@example.org>', key: fileRef('jane.asc') };
    given([]).when({ type: 'AddUploader', data: added, metadata: commandMetadata }).then([UploaderAdded.create(added, metadata)]);
    given([UploaderAdded.create(added, metadata)]).when({ type: 'AddUploader', data: added, metadata: commandMetadata }).thenNothing();
    const remove = { type: 'RemoveUploader' as const, data: { repository: 'test', fingerprint }, metadata: commandMetadata };
    given([UploaderAdded.create(added, metadata)]).when(remove).then([UploaderRemoved.create(remove.data, metadata)]);
    expect(() => given([]).when(remove).events()).toThrow(`key ${fingerprint} is no uploader of repository test`);
  });
});
