#!/usr/bin/env bash
# Debian packages the suite needs: chromium (browser tests), poppler-utils (PDF checks), Thai fonts;
# PDF import: tesseract-ocr + its Thai model (scanned reports), LibreOffice Writer (test corpus).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx tha || need+=(tesseract-ocr-tha)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -qi "garuda\|loma\|laksaman" || need+=(fonts-thai-tlwg)
[ -e /usr/lib/x86_64-linux-gnu/libpangoft2-1.0.so.0 ] || [ -e /usr/lib/aarch64-linux-gnu/libpangoft2-1.0.so.0 ] || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${need[*]} (run: sudo apt-get install ${need[*]}); browser and PDF tests will be skipped." >&2
  # In CI a missing package is a failure, not a skip.
  if [ -n "${CI:-}" ]; then exit 1; fi
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "Installed: ${need[*]}"
