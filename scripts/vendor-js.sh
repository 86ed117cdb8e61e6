#!/usr/bin/env bash
# Vendors the browser-side NCALayer client at build time (no CDN at run time): ncalayer-js-client from the npm
# registry, pinned by version and by the SHA-256 of the file served, into service/api/static/vendor/.
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=ncalayer-js-client
VERSION=1.5.6
FILE=ncalayer-client.js
SHA256=b84d1425a63d163280df60315437f309e4822345acce61fb73a725321f723833
OUT=service/api/static/vendor

if [ -f "$OUT/$FILE" ] && echo "$SHA256  $OUT/$FILE" | sha256sum -c --quiet 2>/dev/null; then
  echo "vendored JS: $NAME $VERSION present"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to vendor $NAME (apt-get install npm)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$NAME@$VERSION" >/dev/null && tar xzf "$NAME-$VERSION.tgz")
echo "$SHA256  $work/package/$FILE" | sha256sum -c --quiet
mkdir -p "$OUT"
cp "$work/package/$FILE" "$OUT/$FILE"
cp "$work/package/LICENSE" "$OUT/$NAME.LICENSE"
echo "vendored JS: $NAME $VERSION → $OUT/$FILE"
