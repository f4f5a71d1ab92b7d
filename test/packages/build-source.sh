#!/usr/bin/env bash
# Builds one of the test source packages into OUTDIR: the .dsc, its tarball and an unsigned
# <source>_<version>_source.changes (dpkg-source -b, then dpkg-genchanges -S -sa).
# VERSION replaces the version of the top changelog entry (default: as written there).
# Usage: test/packages/build-source.sh <package> <outdir> [version]
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 <package> <outdir> [version]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
package=$1
outdir=$2
tree="$here/$package"
if [ ! -f "$tree/debian/changelog" ]; then
  echo "$0: no test package '$package' in $here" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=${3:-$(dpkg-parsechangelog -l "$tree/debian/changelog" -S Version)}
cp -a "$tree" "$work/$package-$version"
if [ $# -eq 3 ]; then
  sed -i "1s/^$package ([^)]*)/$package ($version)/" "$work/$package-$version/debian/changelog"
fi
(cd "$work" && dpkg-source --build "$package-$version" >/dev/null)
(cd "$work/$package-$version" && dpkg-genchanges -S -sa -u.. -O"../${package}_${version}_source.changes" >&2)
mkdir -p "$outdir"
(cd "$work" && find . -maxdepth 1 -type f -name "${package}_*" -exec mv -t "$(cd "$outdir" && pwd)" {} +)
echo "$outdir/${package}_${version}_source.changes"
