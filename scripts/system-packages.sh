#!/bin/sh
# Debian packages chiso uses outside Python: LibreOffice renders PDF reports, poppler checks them in tests,
# Liberation fonts stand in for Times New Roman, and the tests drive Debian's chromium and start a throw-away
# PostgreSQL server from Debian's postgresql package (with --required).
# Installs only what is missing; needs root or sudo.
# Usage: scripts/system-packages.sh [--required]   (without --required a failure only warns)
set -u
PACKAGES="libreoffice-writer-nogui poppler-utils fonts-liberation chromium postgresql"
missing=""
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
fc-list 2>/dev/null | grep -q "Liberation Serif" || missing="$missing fonts-liberation"
[ "${1:-}" = "--required" ] && ! command -v chromium >/dev/null 2>&1 && missing="$missing chromium"
[ "${1:-}" = "--required" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && missing="$missing postgresql"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
if [ "$SUDO" != "none" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages:$missing" >&2
    if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        --no-install-recommends $missing >/dev/null; then
        exit 0
    fi
fi
echo "could not install$missing (needs apt-get and root or sudo); PDF reports need: $PACKAGES" >&2
[ "${1:-}" = "--required" ] && exit 1
exit 0
