#!/usr/bin/env bash
# Installs what mbd needs on Debian 12: the Debian tools (as root, only those missing) and the npm packages.
# --tests: also what only the tests need (Debian's chromium, which the browser tests drive with playwright-core; zsh for the CLI's completion spec).
set -euo pipefail
cd "$(dirname "$0")/.."
debian_packages=(reprepro eatmydata sbuild schroot mmdebstrap debootstrap dput devscripts lintian gnupg dpkg-dev debhelper
  apt-utils uidmap zstd postgresql libdistro-info-perl python3 make g++ ca-certificates curl piuparts autopkgtest)
for argument in "$@"; do
  case $argument in
    --tests) debian_packages+=(chromium zsh) ;;
    *) echo "usage: $0 [--tests]" >&2; exit 2 ;;
  esac
done
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "mbd needs these Debian packages; install them as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# sbuild's unshare mode and mmdebstrap need subordinate ids for the building user (root included).
user=$(id -un)
for file in /etc/subuid /etc/subgid; do
  if [[ -w $file ]] && ! grep -q "^${user}:" "$file"; then echo "${user}:100000:65536" >> "$file"; fi
done
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
