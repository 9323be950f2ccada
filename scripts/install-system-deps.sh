#!/usr/bin/env bash
# Installs the Debian packages the project needs and the machine may lack:
# Java 17 + Maven (the local Neo4j server), Chromium (browser tests, PNG snapshots),
# CJK fonts (Chinese text in PNG/PDF briefings) and poppler-utils (PDF checks).
# Idempotent: installs only what is missing; needs root (or sudo) for apt-get.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
# (fc-list is read once: `fc-list | grep -q` under pipefail fails when grep stops reading early)
fonts=$(fc-list 2>/dev/null || true)
if ! grep -qi 'Noto Sans CJK' <<<"$fonts"; then need+=(fonts-noto-cjk); fi
# A TrueType CJK font: Chromium embeds it by name in PDF briefings (CFF fonts become nameless Type 3).
if ! grep -qi 'WenQuanYi Zen Hei' <<<"$fonts"; then need+=(fonts-wqy-zenhei); fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "installing Debian packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: missing packages (${need[*]}) and not root; install them with apt-get" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
