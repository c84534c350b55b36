# Shared by scripts/build and scripts/test: make .venv hold what pyproject.toml asks for.
# Re-installs only when pyproject.toml changed, so repeated runs are fast.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ensure_venv() {  # $1: optional extra, e.g. "test"
  local extra="${1:-}" spec="." stamp
  [ -n "$extra" ] && spec=".[$extra]"
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${extra:-base}"
  if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e "$spec"
    touch "$stamp"
  fi
}

ensure_chromium() {  # the browser tests drive Debian's Chromium; poppler renders printed PDFs to PNG;
                     # Java runs the Nu Html Checker (tests/test_html_validity.py); gettext's msgfmt --check
                     # checks the PO files of `resource-centre translations export` (tests/test_translations.py);
                     # zimcheck (zim-tools) and kiwix-serve (kiwix-tools) read the ZIM edition (tests/test_zim.py)
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftoppm ] || ! command -v java >/dev/null \
     || [ ! -x /usr/bin/msgfmt ] || [ ! -x /usr/bin/zimcheck ] || [ ! -x /usr/bin/kiwix-serve ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium poppler-utils default-jre-headless gettext \
      zim-tools kiwix-tools >/dev/null
  fi
}

ensure_node_tools() {  # axe-core, injected into Chromium by the accessibility tests; vnu-jar, the Nu Html Checker
  if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
    npm ci --no-audit --no-fund --silent --ignore-scripts  # vnu-jar's postinstall would fetch a Java: Debian's is used
  fi
}
