#!/usr/bin/env bash
# Refresh the editing desk's vendored Decap CMS bundle (reformpress/desk/decap/) from npm.
#
#   bash scripts/refresh-decap.sh            # the version pinned below
#   bash scripts/refresh-decap.sh 3.16.4     # another 3.16.x release
#
# Needs npm (a developer's machine only: editors get the bundle inside the package and never need
# Node.js). Copies the minified main bundle, its lazily loaded chunks and WebAssembly files (no
# source maps), writes Decap's MIT licence beside them, and records the version and the npm
# tarball's integrity in VERSION. tests/test_desk_bundle.py checks that what is vendored is what
# VERSION says.
set -euo pipefail
version="${1:-3.16.3}"
here="$(cd "$(dirname "$0")/.." && pwd)"
target="$here/reformpress/desk/decap"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v npm >/dev/null || { echo "refresh-decap: npm is missing (apt-get install npm)" >&2; exit 1; }
(cd "$work" && npm pack --silent "decap-cms@$version" >/dev/null)
integrity="$(npm view "decap-cms@$version" dist.integrity)"
tar -xzf "$work/decap-cms-$version.tgz" -C "$work"
rm -rf "$target"
mkdir -p "$target"
cp "$work/package/dist/decap-cms.js" "$work/package/dist/decap-cms.js.LICENSE.txt" "$target/"
cp "$work"/package/dist/*.decap-cms.js "$work"/package/dist/*.wasm "$target/"
cat > "$target/LICENSE" <<'LICENCE'
Decap CMS (https://github.com/decaporg/decap-cms), vendored unchanged from the npm package decap-cms.
The licences of the libraries inside the bundle are in decap-cms.js.LICENSE.txt.

Copyright (c) 2016 Netlify <decap@p-m.si>

MIT License

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LICENCE
{
  echo "decap-cms $version"
  echo "integrity $integrity"
  (cd "$target" && find . -type f ! -name VERSION -printf '%P\n' | LC_ALL=C sort | while read -r name; do
    echo "sha256 $(sha256sum "$name" | cut -d' ' -f1) $name"
  done)
} > "$target/VERSION"
echo "refresh-decap: decap-cms $version in reformpress/desk/decap/ ($(du -sh "$target" | cut -f1))"
