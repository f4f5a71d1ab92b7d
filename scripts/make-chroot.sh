#!/usr/bin/env bash
# Makes the build chroot <codename>/<arch> of an mbd data directory, exactly as the daemon's
# `mbd chroot create` does (this calls libs/builder's ChrootManager; there is no second recipe):
# an mmdebstrap buildd tarball <dataDir>/chroots/<codename>-<arch>.tar.zst with debhelper and
# fakeroot, and as root its unpacked directory plus /etc/schroot/chroot.d/mbd-<codename>-<arch>
# (union-type=overlay). Mirror: MBD_MIRROR, else this machine's apt mirror. An existing chroot is kept.
# Usage: scripts/make-chroot.sh <codename> <arch> <dataDir>
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 <codename> <arch> <dataDir>" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
[ -f dist/libs/builder/src/index.js ] || npm run build --silent
exec node --input-type=module -e '
const { ChrootManager, builderPaths, systemMirror } = await import(`${process.cwd()}/dist/libs/builder/src/index.js`);
const [codename, architecture, dataDir] = process.argv.slice(1);
const chroots = new ChrootManager({ dir: builderPaths(dataDir).chroots });
const existing = await chroots.get(codename, architecture);
if (existing) {
  console.log(`chroot ${existing.name} exists: ${existing.tarball.path} (sha256 ${existing.tarball.sha256})`);
} else {
  const mirror = process.env.MBD_MIRROR || (await systemMirror());
  console.log(`making chroot ${codename}/${architecture} from ${mirror} with mmdebstrap (about a minute)…`);
  const chroot = await chroots.create({ codename, architecture, mirror });
  console.log(`made ${chroot.name} (${chroot.mode}) in ${chroot.seconds} s: ${chroot.tarball.path}, ${(chroot.tarball.size / 2 ** 20).toFixed(0)} MiB, sha256 ${chroot.tarball.sha256}`);
}
' "$@"
