#!/usr/bin/env bash
# Debian packages Tidtam needs besides Python: chromium (PDF export, browser tests), poppler-utils (PDF
# page numbers and checks), Thai fonts, LibreOffice Writer (DOCX pagination checks, the PDF-import test corpus), Tesseract with its
# Thai model (scanned PDFs). Installs what is missing when run as root (or with sudo -n).
# Outside CI a missing package is a warning (those tests are skipped); in CI (CI=true) it is an error,
# because a green CI must have run the browser and PDF tests.
set -euo pipefail
case "${CI:-}" in 1|true|TRUE|True|yes) in_ci=1 ;; *) in_ci=0 ;; esac

missing() {
  need=()
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
  command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
  # Output is captured before grep: with pipefail, `grep -q` closing the pipe early makes the
  # producer die of SIGPIPE and the whole test fail although the match was found.
  langs="$(tesseract --list-langs 2>/dev/null || true)"
  grep -qx tha <<<"$langs" || need+=(tesseract-ocr-tha)
  fonts="$(fc-list 2>/dev/null || true)"
  grep -qi "garuda\|loma\|laksaman" <<<"$fonts" || need+=(fonts-thai-tlwg)
  [ -e /usr/lib/x86_64-linux-gnu/libpangoft2-1.0.so.0 ] || [ -e /usr/lib/aarch64-linux-gnu/libpangoft2-1.0.so.0 ] \
    || need+=(libpango-1.0-0 libpangoft2-1.0-0)
}

missing
if [ ${#need[@]} -eq 0 ]; then exit 0; fi

as_root=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "Missing Debian packages: ${need[*]} (run: sudo apt-get install ${need[*]})." >&2
    if [ "$in_ci" = 1 ]; then
      echo "CI: cannot install them without root, and browser/PDF tests must not be skipped in CI." >&2
      exit 1
    fi
    echo "Browser and PDF tests will be skipped; PDF export will explain that Chromium is missing." >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "Installed: ${need[*]}"
missing
if [ ${#need[@]} -ne 0 ]; then
  echo "Still missing after apt-get install: ${need[*]}" >&2
  exit 1
fi
