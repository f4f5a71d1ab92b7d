#!/usr/bin/env bash
# Installs what mbd needs on Debian 12 and starts the daemon on its embedded default (SQLite, no
# server) with a working sandbox: repository `test`, the default layout, bookworm, amd64, and the
# bookworm amd64 build chroot (made with mmdebstrap on first start, about a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm run build --silent
export MBD_DATA_DIR=${MBD_DATA_DIR:-/var/lib/mbd}
node dist/apps/daemon/src/main.js &
daemon=$!
trap 'kill $daemon 2>/dev/null; wait $daemon' INT TERM
url="http://${MBD_BIND:-127.0.0.1}:${MBD_HTTP_PORT:-8066}"
for _ in $(seq 1 60); do curl -fsS "$url/api/status" >/dev/null 2>&1 && break; sleep 0.5; done
export MBD_URL=$url MBD_TOKEN=${MBD_ADMIN_TOKEN:-$(cat "$MBD_DATA_DIR/admin-token")}
if ! npx mbd chroot list | grep -q 'bookworm.*amd64'; then
  echo "creating the bookworm amd64 build chroot (mmdebstrap, about a minute)…"
  npx mbd chroot create bookworm amd64
fi
echo "mbd is running at $url (FTP incoming on port ${MBD_FTP_PORT:-8067}); dput.cf: $url/repositories/test/dput.cf"
wait $daemon
