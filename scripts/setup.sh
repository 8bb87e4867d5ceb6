#!/usr/bin/env bash
# Installs everything reformpress's tests need on a bare Debian or Ubuntu machine, from the repo's own files:
#   Debian packages (Chromium and CJK fonts for browser tests, nginx for the serving test, Java for
#   the HTML validator, LibreOffice Writer for the Word-import tests, Node.js/npm for the npm tools),
#   a virtual environment .venv with reformpress and its test extras (PEP 668: never the system
#   Python's own site-packages), and the npm tools in package.json.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

cat <<'ABOUT'
setup: installs the test tools of reformpress. Needs root or sudo (apt-get) and the package
setup: registries; about 5-10 minutes and 1.5 GB the first time (Chromium, CJK fonts, nginx, Java,
setup: LibreOffice Writer, Node.js), seconds when everything is there. Python packages go into .venv/.
ABOUT

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup: needs root to install Debian packages: run it as root, or install sudo" >&2; exit 1
  fi
fi

apt_packages=(chromium fonts-noto-cjk nginx-light default-jre-headless libreoffice-writer-nogui)
# Debian's own Python makes virtual environments only with python3-venv (it holds ensurepip).
python3 -c "import ensurepip" >/dev/null 2>&1 || apt_packages+=(python3-venv)
command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)
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

# The virtual environment build.py makes too (python3 build.py build), with the test extras.
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating the virtual environment .venv/"
  python3 -m venv .venv
fi
echo "setup: installing reformpress with its test tools into .venv/"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

if [ -f package.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm is still missing after apt-get; install Node.js 18 or newer with npm" >&2
    exit 1
  fi
  echo "setup: installing npm test tools (package-lock.json)"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
fi
echo "setup: done"
