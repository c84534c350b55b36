#!/usr/bin/env bash
# Re-fetch the third-party files the site ships in overrides/assets/ so that the built site
# never loads anything from another host (no Google Fonts, no CDN):
#
#   overrides/assets/fonts/noto-sans-khmer/      Noto Sans Khmer, Khmer subset, 400 + 700 normal (OFL-1.1)
#   overrides/assets/javascripts/vendor/iframe-worker/shim.js
#                                                the Web Worker shim Material's `offline` plugin
#                                                would otherwise load from a CDN (MIT), patched
#                                                below to write no inline script (see patch_shim)
#
# The files are committed; run this only to reproduce or to upgrade them. Versions are pinned
# below; the tarballs' integrity is checked by npm itself (against the registry's sha512) and
# every copied file is checked against the sha256 recorded here. After changing a version,
# run with UPDATE_CHECKSUMS=1, then update the SHA256 table and overrides/assets/VENDORED.md.
#
# Needs: npm (only the npm registry is contacted), tar, sha256sum.
set -euo pipefail

FONT_PKG="@fontsource/noto-sans-khmer"
FONT_VERSION="5.3.0"
IFW_PKG="iframe-worker"
IFW_VERSION="1.0.4"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FONT_DEST="$ROOT/overrides/assets/fonts/noto-sans-khmer"
IFW_DEST="$ROOT/overrides/assets/javascripts/vendor/iframe-worker"

# destination (relative to ROOT) -> expected sha256
declare -A SHA256=(
  [overrides/assets/fonts/noto-sans-khmer/noto-sans-khmer-khmer-400-normal.woff2]=8f19afec2c3d00c40e54ca88717a9167ca567d3dea6a85e258356d32167f7cf4
  [overrides/assets/fonts/noto-sans-khmer/noto-sans-khmer-khmer-700-normal.woff2]=35fcc5d1f6eefb1cf03f6191038aa13c28d6624cce1beb264c756aedcb7e369f
  [overrides/assets/fonts/noto-sans-khmer/LICENSE]=cebe68e383ee6acd931f8b173ee33bdcb6d3895ad0deae5272446b0ff95a96dd
  [overrides/assets/javascripts/vendor/iframe-worker/shim.js]=b333e62d22604be0ff64f373f4d61907bbafe853c3e3d913a01c67d12adfdfc2
  [overrides/assets/javascripts/vendor/iframe-worker/LICENSE]=dd69737a4768aab9f934a5aed9efab9561ac4062d4fdbe490d44369a2cf48b6b
)

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

fetch() {  # $1: package spec, $2: directory to unpack into
  local tgz
  mkdir -p "$2"
  tgz="$(cd "$TMP" && npm pack --silent --no-fund --no-audit "$1" | tail -n 1)"
  tar -xzf "$TMP/$tgz" -C "$2" --strip-components=1
}

fetch "$FONT_PKG@$FONT_VERSION" "$TMP/font"
fetch "$IFW_PKG@$IFW_VERSION" "$TMP/ifw"

mkdir -p "$FONT_DEST" "$IFW_DEST"
for weight in 400 700; do
  install -m 0644 "$TMP/font/files/noto-sans-khmer-khmer-$weight-normal.woff2" "$FONT_DEST/"
done
install -m 0644 "$TMP/font/LICENSE" "$FONT_DEST/LICENSE"
install -m 0644 "$TMP/ifw/shim/index.js" "$IFW_DEST/shim.js"

# Over file:// the shim runs a worker in a hidden iframe and writes an inline <script> into it that
# defines the worker's postMessage and importScripts. The iframe inherits the page's
# Content-Security-Policy, which runs no inline script without its hash (resource_centre/site/csp.py),
# so every offline page logged a violation. Patched: the shim writes only the worker's own
# <script src>, and forwards the iframe's errors from outside; the worker defines the two
# functions itself (assets/javascripts/rc-search/worker.js). Each edit must match exactly once.
patch_shim() {
  python3 - "$1" <<'PYTHON'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
edits = [
    ('function c(s,n){parent.postMessage(s,n||"*")}function d(...s){return s.reduce((n,e)=>n.then(()=>new Promise(r=>{let t=document.createElement("script");t.src=e,t.onload=r,document.body.appendChild(t)})),Promise.resolve())}', ""),
    ('<script>postMessage=${c};importScripts=${d};addEventListener("error",({error})=>{parent.dispatchEvent(new ErrorEvent("error",{filename:"${e}",error}))})<\\/script>', ""),
    ("this.w.document.close(),", 'this.w.document.close(),this.w.addEventListener("error",({error:t})=>window.dispatchEvent(new ErrorEvent("error",{filename:e,error:t}))),'),
]
for old, new in edits:
    if text.count(old) != 1:
        sys.exit(f"iframe-worker shim: not found once, the patch needs updating: {old[:60]}...")
    text = text.replace(old, new)
open(path, "w", encoding="utf-8").write(text)
PYTHON
}
patch_shim "$IFW_DEST/shim.js"
install -m 0644 "$TMP/ifw/LICENSE" "$IFW_DEST/LICENSE"

status=0
cd "$ROOT"
for f in "${!SHA256[@]}"; do
  actual="$(sha256sum "$f" | cut -d' ' -f1)"
  if [ "${UPDATE_CHECKSUMS:-0}" = 1 ]; then
    echo "  [$f]=$actual"
  elif [ "$actual" != "${SHA256[$f]}" ]; then
    echo "checksum mismatch: $f (expected ${SHA256[$f]}, got $actual)" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "vendored $FONT_PKG@$FONT_VERSION and $IFW_PKG@$IFW_VERSION into overrides/assets/"
exit "$status"
