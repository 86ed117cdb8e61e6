#!/usr/bin/env bash
# Installs the system packages Qujat needs, only those missing. Needs root (or sudo) for apt-get.
set -euo pipefail

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

have_cmd soffice || need+=(libreoffice-writer-nogui libreoffice-impress-nogui)
have_cmd npm || need+=(npm)  # vendors the browser NCALayer client at build time (scripts/vendor-js.sh)
have_pkg python3-uno || need+=(python3-uno)  # the office pool drives soffice over UNO (service/office_worker.py)
for p in fonts-crosextra-carlito fonts-crosextra-caladea; do  # metric twins of Calibri/Cambria: faithful page counts
  have_pkg "$p" || need+=("$p")
done
# building the `hunspell` Python binding (an sdist) needs the C library headers, a compiler and Python headers
have_pkg libhunspell-dev || need+=(libhunspell-dev)
have_cmd gcc || need+=(build-essential)
python3 -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
  2>/dev/null || need+=(python3-dev)
python3 -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
for p in hunspell hunspell-kk hunspell-ru fonts-liberation fonts-liberation2 fonts-dejavu poppler-utils \
         redis-server chromium chromium-driver wrk \
         qpdf zbar-tools iproute2 util-linux \
         hfst \
         tesseract-ocr tesseract-ocr-kaz tesseract-ocr-rus; do  # OCR of scanned PDF pages (service/ocr.py); hfst: the
                                                              # analyser tests compile a small transducer of their own
  have_pkg "$p" || need+=("$p")
done

if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if ! have_cmd apt-get; then
  echo "missing system packages (${need[*]}), and no apt-get here: install them by hand" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if have_cmd sudo; then SUDO="sudo"; else
    echo "missing system packages (${need[*]}); run as root or install them" >&2; exit 1
  fi
fi
echo "installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
