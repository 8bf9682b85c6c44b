#!/usr/bin/env bash
# Independent judges of the built dissertation site: the W3C Nu HTML checker (npm `vnu-jar`, on the
# system's Java) and axe-core (in the system's headless Chromium, light and dark colour schemes),
# over every page, built once at the root and once for a sub-path. The bar is zero Nu errors and
# warnings and zero axe violations; anything else fails with the findings listed.
#
# The npm packages (versions pinned in package-lock.json beside this script) are installed into a
# cache outside the repository, FOLIO_JUDGES_CACHE (default ~/.cache/folio-judges), once per lock
# file. No tool downloads a browser: Chromium is the system's (CHROMIUM, default /usr/bin/chromium).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."

seconds() { date +%s.%N; }
between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", b - a }'; }
start=$(seconds)

for tool in java node npm; do
  command -v "$tool" >/dev/null || { echo "judges: \`$tool\` is required (see .ci/run)" >&2; exit 2; }
done
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium_bin" ] || { echo "judges: no Chromium at $chromium_bin" >&2; exit 2; }

cache="${FOLIO_JUDGES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/folio-judges}"
mkdir -p "$cache"
if [ ! -d "$cache/node_modules" ] || ! cmp -s "$here/package-lock.json" "$cache/package-lock.json"; then
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  (cd "$cache" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
installed=$(seconds)

# FOLIO names a folio binary to judge; by default the release build (built here if it is stale).
folio="${FOLIO:-}"
if [ -z "$folio" ]; then
  cargo build --release -q
  folio="${CARGO_TARGET_DIR:-target}/release/folio"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
sub_path=/judged/sub-path/
"$folio" build --quiet --out "$out/root"
"$folio" build --quiet --out "$out/sub" --base-url "https://example.org$sub_path"
built=$(seconds)

# One Java run over every page of both builds.
status=0
find "$out/root" "$out/sub" -name '*.html' -print0 | sort -z |
  xargs -0 java -jar "$cache/node_modules/vnu-jar/build/dist/vnu.jar" --format gnu --stdout \
    >"$out/vnu.txt" 2>&1 || true
pages=$(find "$out/root" "$out/sub" -name '*.html' | wc -l)
errors=$(grep -c ': error' "$out/vnu.txt" || true)
warnings=$(grep -c 'warning' "$out/vnu.txt" || true)
sed "s|$out/||" "$out/vnu.txt"
checked=$(seconds)
echo "W3C Nu: $pages pages, $errors errors, $warnings warnings ($(between "$built" "$checked"))"
[ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ] || status=1

CHROMIUM="$chromium_bin" node "$here/axe.mjs" "$cache" "$out/root@/" "$out/sub@$sub_path" || status=1
done=$(seconds)
echo "judges: $(between "$start" "$done") in all: install $(between "$start" "$installed"), builds $(between "$installed" "$built"), Nu $(between "$built" "$checked"), axe $(between "$checked" "$done")"
exit "$status"
