import type { RepositoryConfig } from '@mbd/events';
import { repositoryUrl } from '@mbd/debian';
import { keyringPackageName, packagedSourcesPath } from './keyring-package-source.js';

export interface BootstrapAptTarget {
  readonly host: string;
  readonly httpPort: number;
  readonly repository: RepositoryConfig;
}

/** Quotes a word for sh (every value here is already checked by the snippet helpers; this keeps it so). */
const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * `/repositories/<id>/bootstrap-apt.sh`, mini-buildd-bootstrap-apt as one script (trust on first use):
 * `sh bootstrap-apt.sh [codename] [suite]` (defaults: the client's VERSION_CODENAME and `stable`, as
 * mini-buildd). It fetches the archive keyring with apt's own apt-helper into a temporary directory,
 * installs `<repository>-archive-keyring` with apt through a temporary source that only it uses (the
 * other sources' lists are left alone: no list clean-up), links
 * the package's .sources for that codename and suite into /etc/apt/sources.list.d/, and removes the
 * temporary key and source again: from then on the package's keyring and .sources are in charge (and
 * an upgrade of the package updates both).
 */
export function bootstrapAptScript(target: BootstrapAptTarget): string {
  const id = target.repository.repository;
  const name = keyringPackageName(id);
  const url = repositoryUrl(target.host, target.httpPort, id);
  const codenames = target.repository.codenames.map((entry) => entry.codename);
  const suites = target.repository.layout.suites.map((suite) => suite.name);
  const components = target.repository.codenames.map((entry) => `${entry.codename}) component=${quote(entry.components[0] ?? 'main')} ;;`);
  const sources = packagedSourcesPath(name, id, '$codename', '$suite');
  return `#!/bin/sh
# mbd: bootstrap apt for repository ${id} at ${url}
# (mini-buildd-bootstrap-apt; trust on first use). Usage, as root: sh bootstrap-apt.sh [codename] [suite]
set -eu
url=${quote(url)}
repository=${quote(id)}
package=${quote(name)}
codename="\${1:-$(. /etc/os-release && echo "\${VERSION_CODENAME:-}")}"
suite="\${2:-stable}"
case " ${codenames.join(' ')} " in *" $codename "*) ;; *) echo "bootstrap-apt: repository $repository has no codename '$codename' (it has: ${codenames.join(' ')})" >&2; exit 2 ;; esac
case " ${suites.join(' ')} " in *" $suite "*) ;; *) echo "bootstrap-apt: repository $repository has no suite '$suite' (it has: ${suites.join(' ')})" >&2; exit 2 ;; esac
case "$codename" in
${components.map((line) => `  ${line}`).join('\n')}
esac
[ "$(id -u)" = 0 ] || { echo 'bootstrap-apt: run me as root' >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
/usr/lib/apt/apt-helper download-file "\${url}archive-keyring.gpg" "$tmp/bootstrap.gpg"
chmod 644 "$tmp/bootstrap.gpg"
echo "deb [signed-by=$tmp/bootstrap.gpg] $url $codename-$repository-$suite $component" > "$tmp/bootstrap.list"
only="-o Dir::Etc::SourceList=$tmp/bootstrap.list -o Dir::Etc::SourceParts=- -o APT::Get::List-Cleanup=0"
apt-get $only update
apt-get $only install -y "$package"
ln -sf "${sources}" "/etc/apt/sources.list.d/$package-$suite.sources"
echo "bootstrap-apt: $package installed; /etc/apt/sources.list.d/$package-$suite.sources now names $codename-$repository-$suite, Signed-By /usr/share/keyrings/$package.gpg. Run apt-get update."
`;
}
