#!/usr/bin/env bash
# Compare folio with Hugo, Zola and mdBook on the same N plain Markdown pages (~600 words each),
# on this machine, in one run. Usage: benches/compare.sh [PAGES=1000] [RUNS=5]
# Tools that are not installed are skipped (with a message); nothing is downloaded. SKIP="mdbook"
# leaves out tools by name (mdBook takes minutes at 10,000 pages: its sidebar lists every page).
set -euo pipefail
PAGES=${1:-1000}
RUNS=${2:-5}
HERE=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
FOLIO="$HERE/target/release/folio"

# The same deterministic pages for every tool (title, headings, lists, a table, links), written
# into each tool's layout with the front matter and minimal templates it expects.
python3 - "$WORK" "$PAGES" <<'PY'
import os, sys
work, n = sys.argv[1], int(sys.argv[2])
words = ("biotechnology firm alliance region innovation policy partner platform cluster research "
         "university pharmaceutical licensing venture capital pipeline clinical network open model "
         "market product development strategy portfolio growth knowledge transfer").split()
state = 12345
def word():
    global state
    state = (state * 1103515245 + 12345) % 2**31
    return words[state % len(words)]
def sentence(k=12):
    s = " ".join(word() for _ in range(k))
    return s[0].upper() + s[1:] + "."
def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
summary = ["# Summary"]
for i in range(n):
    body = []
    for sec in range(4):
        body.append(f"## Section {sec}\n")
        body.append(" ".join(sentence() for _ in range(10)) + "\n")
        body.append("\n".join(f"- {sentence(6)}" for _ in range(3)) + "\n")
        if i + 1 < n:
            body.append(f"See [page {i+1}](../page-{i+1}/).\n")
    body.append("| Region | Firms |\n|---|---:|\n| North | 12 |\n| South | 7 |\n")
    body = "\n".join(body)
    name = f"page-{i}.md"
    write(f"{work}/folio/content/chapters/{name}", f"---\ntitle: Page {i}\norder: {i+1}\n---\n{body}")
    toml = f'+++\ntitle = "Page {i}"\nweight = {i+1}\n+++\n{body}'
    write(f"{work}/hugo/content/pages/{name}", toml)
    write(f"{work}/zola/content/pages/{name}", toml)
    write(f"{work}/mdbook/src/{name}", body)
    summary.append(f"- [Page {i}]({name})")
write(f"{work}/mdbook/src/SUMMARY.md", "\n".join(summary) + "\n")
PY
printf 'title: Comparison\n' > "$WORK/folio/folio.yaml"
mkdir -p "$WORK/hugo/layouts/_default"
printf 'baseURL = "http://example.org/"\ntitle = "Comparison"\ndisableKinds = ["taxonomy", "term", "RSS"]\n' > "$WORK/hugo/hugo.toml"
printf '<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>\n' > "$WORK/hugo/layouts/_default/single.html"
printf '<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n' > "$WORK/hugo/layouts/_default/list.html"
cp "$WORK/hugo/layouts/_default/list.html" "$WORK/hugo/layouts/index.html"
mkdir -p "$WORK/zola/templates"
printf 'base_url = "http://example.org"\ntitle = "Comparison"\n' > "$WORK/zola/config.toml"
printf '<!DOCTYPE html><html><head><title>{{ page.title }}</title></head><body><main>{{ page.content | safe }}</main></body></html>\n' > "$WORK/zola/templates/page.html"
printf '<!DOCTYPE html><html><head><title>{{ section.title | default(value="x") }}</title></head><body>{%% for p in section.pages %%}<a href="{{ p.permalink }}">{{ p.title }}</a>{%% endfor %%}</body></html>\n' > "$WORK/zola/templates/section.html"
cp "$WORK/zola/templates/section.html" "$WORK/zola/templates/index.html"
printf '+++\ntitle = "Pages"\n+++\n' > "$WORK/zola/content/pages/_index.md"
printf '[book]\ntitle = "Comparison"\n' > "$WORK/mdbook/book.toml"

mkdir -p "$WORK/trash"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
run() { # name, dir, command...
  local name=$1 dir=$2; shift 2
  if [[ " ${SKIP:-} " == *" $name "* ]]; then echo "$name: skipped (SKIP)"; return; fi
  if ! command -v "$1" >/dev/null 2>&1; then echo "$name: not installed, skipped"; return; fi
  local times=() mem=0
  # Files deleted in the last 30 s (dirty_expire_centisecs), by an earlier tool or benchmark,
  # slow the next tool down: let the file system settle first (SETTLE=0 to skip).
  sync; sleep "${SETTLE:-31}"
  for _ in $(seq "$RUNS"); do
    # Each run starts without output. The previous run's output is moved aside, not deleted:
    # on ext4 without a journal, creating files just after deleting thousands of them costs
    # seconds (the allocator skips recently freed inodes), which would time the file system.
    runs=$((${runs:-0} + 1))
    for old in public book; do if [ -e "$dir/$old" ]; then mv "$dir/$old" "$WORK/trash/$runs-$name-$old"; fi; done
    (cd "$dir" && /usr/bin/time -o "$WORK/time" -f '%e %M' "$@" >/dev/null 2>&1) || { echo "$name: failed"; return; }
    out=$(tail -1 "$WORK/time")
    times+=("${out% *}"); m=${out#* }; [ "$m" -gt "$mem" ] && mem=$m
  done
  t=$(printf '%s\n' "${times[@]}" | median)
  printf '%-8s %8.3f s  %6d MiB peak\n' "$name" "$t" $((mem / 1024))
  echo "$name $t" >> "$WORK/results"
}
echo "$PAGES pages, median of $RUNS runs, $(nproc) cores"
run folio "$WORK/folio" "$FOLIO" build . -q
run hugo "$WORK/hugo" hugo --quiet
run zola "$WORK/zola" zola build
run mdbook "$WORK/mdbook" mdbook build
folio_t=$(awk '$1=="folio"{print $2}' "$WORK/results")
awk -v f="$folio_t" '$1!="folio" && f>0 {printf "%s / folio = %.2fx\n", $1, $2/f}' "$WORK/results"
