#!/usr/bin/env bash
# Builds one of the test source packages into OUTDIR: the .dsc, its tarball(s) and an unsigned
# <source>_<version>_source.changes (dpkg-source -b, then dpkg-genchanges -S).
# PACKAGE is a directory name under test/packages, or a path (containing a /) to a source tree whose
# directory name is the source name (e.g. a copy made by a test).
# VERSION replaces the version of the top changelog entry (default: as written there).
# A `3.0 (quilt)` (non-native) source gets its orig tarball made from the tree without debian/,
# reproducibly (sorted, fixed times and owners, gzip -n), so every revision of one upstream version
# has a byte-identical <source>_<upstream>.orig.tar.gz.
# -sa (the default) lists the orig tarball in the .changes; -sd leaves it out, as a `-2` upload
# whose orig tarball is already in the archive does (it is still written to OUTDIR).
# Usage: test/packages/build-source.sh [-sa|-sd] <package> <outdir> [version]
set -euo pipefail
include=-sa
case "${1:-}" in
  -sa | -sd) include=$1; shift ;;
esac
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 [-sa|-sd] <package> <outdir> [version]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
case "$1" in
  */*) tree=$(cd "$1" && pwd) ;;
  *) tree="$here/$1" ;;
esac
package=$(basename "$tree")
mkdir -p "$2"
outdir=$(cd "$2" && pwd)
if [ ! -f "$tree/debian/changelog" ]; then
  echo "$0: no test package '$1' (no $tree/debian/changelog)" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=${3:-$(dpkg-parsechangelog -l "$tree/debian/changelog" -S Version)}
cp -a "$tree" "$work/$package-$version"
if [ $# -eq 3 ]; then
  sed -i "1s/^$package ([^)]*)/$package ($version)/" "$work/$package-$version/debian/changelog"
fi
if grep -qx '3.0 (quilt)' "$tree/debian/source/format" 2>/dev/null; then
  upstream=${version#*:}
  upstream=${upstream%-*}
  mkdir "$work/orig"
  cp -a "$tree" "$work/orig/$package-$upstream"
  rm -rf "$work/orig/$package-$upstream/debian"
  (cd "$work/orig" && tar --sort=name --mtime=@1793620800 --owner=0 --group=0 --numeric-owner -cf - "$package-$upstream" | gzip -n9 >"$work/${package}_${upstream}.orig.tar.gz")
fi
(cd "$work" && dpkg-source --build "$package-$version" >/dev/null)
(cd "$work/$package-$version" && dpkg-genchanges -S "$include" -u.. -O"../${package}_${version}_source.changes" >&2)
(cd "$work" && find . -maxdepth 1 -type f -name "${package}_*" -exec mv -t "$outdir" {} +)
echo "$outdir/${package}_${version}_source.changes"
