#!/usr/bin/env bash
# folio beside Zola, Hugo, mdBook and the floor, on the same synthetic Markdown pages, in one run.
#
#   benches/compare.sh [PAGES ...]        (default: 1000 10000)
#   RUNS=5            runs of each tool at each size; the table gives the median wall time
#   SKIP="mdbook"     leave a tool out by name, or at one size only: SKIP="mdbook:10000"
#                     (mdBook takes minutes at 10,000 pages: its sidebar lists every page)
#   FOLIO_BENCH_CACHE where the peers live (default ~/.cache/folio-bench; see below)
#   FOLIO_BENCH_SHARED the folder with gen_corpus.py and md-floor/ (default ../shared/bench)
#   FOLIO_BENCH_TMP   a tmpfs for the pages and the output (default /dev/shm)
#
# Every tool builds the same pages, written by gen_corpus.py in each tool's layout (plain, Hugo,
# Zola, mdBook; folio's is made here from the plain one), into an empty folder on tmpfs, so the
# disk is not timed. The tools take turns: run 1 of each, then run 2 of each, and so on. Peak
# memory is the largest maximum RSS of the runs (GNU time, `apt-get install time`). The floor is
# md-floor: pulldown-cmark alone writing each page through a fixed template, on 2 threads. The
# peers run with gen_corpus.py's minimal settings (no search index, feed or sitemap); folio builds
# its default site, search index and sitemap included, without its print page.
# Progress goes to standard error; standard output is the Markdown table, ready for the README.
#
# The script installs nothing. A tool is looked for in $FOLIO_BENCH_CACHE/bin, then on PATH, and
# skipped (with the commands below) when absent. Get the peers once, outside this repository:
#
#   CACHE=${FOLIO_BENCH_CACHE:-$HOME/.cache/folio-bench}
#   # Zola (not packaged in Debian): built from its public source, about half an hour on 2 cores
#   git clone --depth 1 --branch v0.22.1 https://github.com/getzola/zola "$CACHE/src/zola"
#   (cd "$CACHE/src/zola" && cargo build --release --locked)
#   install -D "$CACHE/src/zola/target/release/zola" "$CACHE/bin/zola"
#   # mdBook, from crates.io (into $CACHE/bin)
#   cargo install mdbook --version 0.5.4 --locked --root "$CACHE"
#   # Hugo, from Debian (0.111.3 in Debian 12)
#   sudo apt-get install hugo
#
# md-floor is built here, with cargo, into $CACHE/target/md-floor, from FOLIO_BENCH_SHARED.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
for n in "${SIZES[@]}" "$RUNS"; do
  [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 ]] || { echo "compare.sh: \`$n\` is not a count (usage: RUNS=5 benches/compare.sh 1000 10000)" >&2; exit 2; }
done
CACHE=${FOLIO_BENCH_CACHE:-$HOME/.cache/folio-bench}
SHARED=${FOLIO_BENCH_SHARED:-$HERE/../shared/bench}
TMPROOT=${FOLIO_BENCH_TMP:-/dev/shm}
say() { echo "$@" >&2; }

[ -x /usr/bin/time ] || { say "compare.sh: GNU time is missing (/usr/bin/time): sudo apt-get install time"; exit 1; }
GEN="$SHARED/gen_corpus.py"
[ -f "$GEN" ] || { say "compare.sh: $GEN not found: set FOLIO_BENCH_SHARED to the folder holding gen_corpus.py and md-floor/"; exit 1; }
if [ "$(stat -f -c %T "$TMPROOT" 2>/dev/null)" != tmpfs ]; then
  say "compare.sh: $TMPROOT is not a tmpfs: the disk will be timed too (set FOLIO_BENCH_TMP)"
fi
WORK=$(mktemp -d -p "$TMPROOT" folio-compare.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

# The tools: folio from this checkout, md-floor from its source, the peers from the cache or PATH.
say "building folio (release) ..."
cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
TARGET=$(cargo metadata --format-version 1 --no-deps --manifest-path "$HERE/Cargo.toml" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
declare -A BIN LABEL HOW
BIN[folio]="$TARGET/release/folio"
LABEL=([folio]="folio $(git -C "$HERE" describe --always --dirty 2>/dev/null)" [zola]=Zola [hugo]=Hugo [mdbook]=mdBook)
find_tool() { if [ -x "$CACHE/bin/$1" ]; then echo "$CACHE/bin/$1"; else command -v "$1" || true; fi; }
BIN[zola]=$(find_tool zola)
BIN[hugo]=$(find_tool hugo)
BIN[mdbook]=$(find_tool mdbook)
HOW[zola]="git clone --depth 1 --branch v0.22.1 https://github.com/getzola/zola \"$CACHE/src/zola\" && (cd \"$CACHE/src/zola\" && cargo build --release --locked) && install -D \"$CACHE/src/zola/target/release/zola\" \"$CACHE/bin/zola\""
HOW[hugo]="sudo apt-get install hugo"
HOW[mdbook]="cargo install mdbook --version 0.5.4 --locked --root \"$CACHE\""
HOW[floor]="cargo build --release --locked --manifest-path \"$SHARED/md-floor/Cargo.toml\" --target-dir \"$CACHE/target/md-floor\""
if [ -f "$SHARED/md-floor/Cargo.toml" ] &&
  cargo build --release --locked --quiet --manifest-path "$SHARED/md-floor/Cargo.toml" --target-dir "$CACHE/target/md-floor"; then
  BIN[floor]="$CACHE/target/md-floor/release/md-floor"
else
  BIN[floor]=""
fi
[ -z "${BIN[zola]}" ] || LABEL[zola]="Zola $("${BIN[zola]}" --version 2>/dev/null | awk '{print $2}' || true)"
[ -z "${BIN[hugo]}" ] || LABEL[hugo]="Hugo $("${BIN[hugo]}" version 2>/dev/null | awk '{sub(/^v/, "", $2); sub(/[+-].*/, "", $2); print $2}' || true)"
[ -z "${BIN[mdbook]}" ] || LABEL[mdbook]="mdBook $("${BIN[mdbook]}" --version 2>/dev/null | awk '{sub(/^v/, "", $2); print $2}' || true)"
LABEL[floor]="floor (md-floor -j 2)"
TOOLS=(folio zola hugo mdbook floor)
for tool in "${TOOLS[@]}"; do
  if [ -z "${BIN[$tool]}" ]; then say "$tool: not found, skipped. Get it with: ${HOW[$tool]}"; fi
done

# One build of TOOL on the pages of size N, into a folder that does not exist yet. Prints
# "seconds KiB" on success; on failure, says why and returns 1.
build() {
  local tool=$1 corpus=$2 out=$3 bin=${BIN[$1]} dir cmd
  case $tool in
    folio) dir=$corpus/folio; cmd=("$bin" build . -q --out "$out") ;;
    zola) dir=$corpus/zola; cmd=("$bin" build --output-dir "$out") ;;
    hugo) dir=$corpus/hugo; cmd=("$bin" --quiet --destination "$out") ;;
    mdbook) dir=$corpus/mdbook; cmd=("$bin" build --dest-dir "$out") ;;
    floor) dir=$corpus/plain; cmd=("$bin" -j 2 content "$out") ;;
  esac
  local t0=$EPOCHREALTIME
  if ! (cd "$dir" && /usr/bin/time -o "$WORK/rss" -f %M "${cmd[@]}" >"$WORK/log" 2>&1); then
    say "$tool failed:"; tail -5 "$WORK/log" >&2; return 1
  fi
  local t1=$EPOCHREALTIME
  echo "$t0 $t1 $(tail -1 "$WORK/rss")" | awk '{printf "%.4f %d\n", $2 - $1, $3}'
}

skipped() { [[ " ${SKIP:-} " == *" $1 "* || " ${SKIP:-} " == *" $1:$2 "* ]]; }

# folio's layout, from the plain one: the same pages as chapters (folio.yaml, content/chapters/),
# `weight` (the order within a section) becoming `order` (across the site), links pointing to the
# chapters' addresses. The sections' _index.md pages are left out: folio writes its own home and
# contents pages.
to_folio() {
  python3 - "$1/plain/content" "$1/folio" <<'PY'
import os, re, sys
src, site = sys.argv[1], sys.argv[2]
chapters = os.path.join(site, "content", "chapters")
os.makedirs(chapters)
with open(os.path.join(site, "folio.yaml"), "w") as f:
    # The print page (every chapter on one page, 56 MB at 10,000 pages) is a report's feature
    # that the peers are not asked for here; the search index and the sitemap stay on.
    f.write("title: SSG bench\noff: [print]\n")
link = re.compile(r"\]\(/s\d+/(page-\d+)/\)")
for section in sorted(os.listdir(src)):
    folder = os.path.join(src, section)
    if not os.path.isdir(folder):
        continue
    for name in sorted(os.listdir(folder)):
        if not name.startswith("page-"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        order = int(name[len("page-"):-len(".md")]) + 1
        text = re.sub(r"^weight: \d+$", "order: %d" % order, text, count=1, flags=re.M)
        text = link.sub(r"](../\1/)", text)
        with open(os.path.join(chapters, name), "w", encoding="utf-8") as f:
            f.write(text)
PY
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
thousands() { awk -v n="$1" 'BEGIN {s = sprintf("%d", n); t = ""; while (length(s) > 3) {t = "," substr(s, length(s) - 2) t; s = substr(s, 1, length(s) - 3)} print s t}'; }
seconds() { awk -v t="$1" 'BEGIN {printf (t < 0.1 ? "%.3f s" : "%.2f s"), t}'; }

say "$(nproc) cores, $RUNS runs of each tool at each size, in $WORK"
for n in "${SIZES[@]}"; do
  corpus=$WORK/pages-$n
  python3 "$GEN" "$n" "$corpus" >&2
  to_folio "$corpus"
  for tool in "${TOOLS[@]}"; do
    : >"$WORK/times-$tool-$n"
    if [ -z "${BIN[$tool]}" ]; then echo "not installed" >"$WORK/state-$tool-$n"
    elif skipped "$tool" "$n"; then echo "skipped" >"$WORK/state-$tool-$n"
    else echo "ok" >"$WORK/state-$tool-$n"; fi
  done
  for run in $(seq "$RUNS"); do
    for tool in "${TOOLS[@]}"; do
      [ "$(cat "$WORK/state-$tool-$n")" = ok ] || continue
      out=$WORK/out-$tool
      rm -rf "$out"
      if result=$(build "$tool" "$corpus" "$out"); then
        echo "$result" >>"$WORK/times-$tool-$n"
        pages=0
        if [ -d "$out" ]; then pages=$(find "$out" -name '*.html' | wc -l); fi
        say "$(printf '%6d pages  run %d/%d  %-7s %8.3f s %7d MiB  %6d HTML files' "$n" "$run" "$RUNS" "$tool" "${result% *}" $((${result#* } / 1024)) "$pages")"
        if [ "$pages" -lt "$n" ]; then # a build that leaves pages out is not comparable
          say "$tool wrote $pages HTML files for $n pages: left out of the table"
          echo "incomplete" >"$WORK/state-$tool-$n"
        fi
      else
        echo "failed" >"$WORK/state-$tool-$n"
      fi
    done
  done
  rm -rf "$corpus" "$WORK"/out-*
done

# The table: median time and peak memory of each tool at each size, and its time over the floor's.
header="| pages |" rule="|---:|"
for tool in "${TOOLS[@]}"; do header+=" ${LABEL[$tool]} |"; rule+="---:|"; done
echo "Median wall time of $RUNS runs and peak memory (maximum RSS), building into an empty folder on tmpfs;"
echo "in brackets, the time over the floor's. $(nproc) cores, $(date -u +%Y-%m-%d)."
echo
echo "$header"
echo "$rule"
for n in "${SIZES[@]}"; do
  floor=""
  if [ -s "$WORK/times-floor-$n" ]; then floor=$(awk '{print $1}' "$WORK/times-floor-$n" | median); fi
  row="| $(thousands "$n") |"
  for tool in "${TOOLS[@]}"; do
    state=$(cat "$WORK/state-$tool-$n")
    if [ "$state" != ok ] || [ ! -s "$WORK/times-$tool-$n" ]; then row+=" $state |"; continue; fi
    t=$(awk '{print $1}' "$WORK/times-$tool-$n" | median)
    kib=$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {print m}' "$WORK/times-$tool-$n")
    cell="$(seconds "$t"), $(thousands $((kib / 1024))) MiB"
    if [ -n "$floor" ] && [ "$tool" != floor ]; then cell+=" ($(awk -v t="$t" -v f="$floor" 'BEGIN {printf "%.1f", t / f}')×)"; fi
    row+=" $cell |"
  done
  echo "$row"
done
