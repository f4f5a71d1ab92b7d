import { defaultLayout } from '@mbd/archive';
import type { RepositoryConfig } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { bootstrapAptScript } from './bootstrap-apt-script.js';

const repository: RepositoryConfig = {
  repository: 'test',
  layout: defaultLayout,
  codenames: [
    { codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] },
    { codename: 'trixie', codeversion: '13', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['contrib', 'main'] },
  ],
  allowUnsignedUploads: false,
  uploadPolicy: 'source-only',
};
const script = bootstrapAptScript({ host: 'build.example.org', httpPort: 8066, repository });

describe('bootstrapAptScript', () => {
  it('fetches the keyring with apt-helper and installs the keyring package through a temporary source only', () => {
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain("url='http://build.example.org:8066/repositories/test/'");
    expect(script).toContain('/usr/lib/apt/apt-helper download-file "${url}archive-keyring.gpg" "$tmp/bootstrap.gpg"');
    expect(script).toContain('deb [signed-by=$tmp/bootstrap.gpg] $url $codename-$repository-$suite $component');
    expect(script).toContain('only="-o Dir::Etc::SourceList=$tmp/bootstrap.list -o Dir::Etc::SourceParts=- -o APT::Get::List-Cleanup=0"');
    expect(script).toContain(`apt-get $only install -y "$package"`);
    expect(script).toContain("package='test-archive-keyring'");
  });

  it("leaves the package's own .sources in charge and removes the temporary key and source", () => {
    expect(script).toContain('ln -sf "/usr/share/test-archive-keyring/sources.list.d/$codename/test_$suite.sources" "/etc/apt/sources.list.d/$package-$suite.sources"');
    expect(script).toContain(`trap 'rm -rf "$tmp"' EXIT`);
  });

  it("defaults to the client's codename and stable, refuses codenames and suites the repository lacks, and knows each codename's first component", () => {
    expect(script).toContain('codename="${1:-$(. /etc/os-release && echo "${VERSION_CODENAME:-}")}"');
    expect(script).toContain('suite="${2:-stable}"');
    expect(script).toContain('case " bookworm trixie " in');
    expect(script).toContain(`case " ${defaultLayout.suites.map((suite) => suite.name).join(' ')} " in`);
    expect(script).toContain("  trixie) component='contrib' ;;");
  });
});
