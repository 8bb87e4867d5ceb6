#!/usr/bin/env bash
# Installs everything reformpress's tests need on a bare Debian machine, from the repo's own files:
#   Debian packages (Chromium and CJK fonts for browser tests, nginx for the serving test, Java for
#   the HTML validator), the Python package with its test extras, and the npm tools in package.json.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

apt_packages=(chromium fonts-noto-cjk nginx-light default-jre-headless)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# A machine that already has a Java runtime does not need Debian's.
if command -v java >/dev/null 2>&1; then
  missing=("${missing[@]/default-jre-headless}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "setup: installing reformpress with its test tools"
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'

if [ -f package.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm is missing; install Node.js (Debian: apt-get install nodejs npm)" >&2
    exit 1
  fi
  echo "setup: installing npm test tools (package-lock.json)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
fi
echo "setup: done"
