#!/usr/bin/env bash
# Benchmark validate and build on the real CNCF snapshot: median, min and max of N runs
# (default 5) and peak memory, for: validate with a cold and a warm cache; a cold build
# (fresh cache and output); a build into a fresh output with the logo cache warm (a CI job
# that restores its cache); a rebuild with nothing changed and one with one item changed
# (cache and previous site reused, after untimed rebuilds that give both trees a record),
# and how many files that last rebuild wrote. Two rows measure the machine rather than the
# tool, for reading the others: the built site and its logo cache copied with `cp -r` (two
# processes, as the build writes on two threads), and the rate of one 256 MB write.
# With SCALE > 1 the landscape is SCALE times the snapshot: every subcategory's items
# repeated with numbered names (same logos), to check that time and memory grow linearly.
# Usage: benches/site.sh [RUNS] [SCALE]   (LANDSCAPE_CNCF_DIR overrides ../shared/landscapes/cncf;
# SCREENSHOTS=1 keeps the settings' screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
scale=${2:-1}
data_dir=${LANDSCAPE_CNCF_DIR:-../shared/landscapes/cncf}
if [ ! -f "$data_dir/landscape.yml" ]; then
  echo "skipped: no CNCF snapshot at $data_dir (set LANDSCAPE_CNCF_DIR)"
  exit 0
fi
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/landscape
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

if [ "$scale" -gt 1 ]; then
  # Items are the blocks under an `items:` key, one indent level deeper; each is written
  # SCALE times, its first `name:` numbered (and its repo_url too, so repos stay unique).
  mkdir -p "$work/scaled"
  python3 - "$data_dir/landscape.yml" "$scale" > "$work/scaled/landscape.yml" <<'PY'
import json, re, sys
def plain(v):
    v = v.strip()
    if len(v) > 1 and v[0] == v[-1] == "'": return v[1:-1].replace("''", "'")
    if len(v) > 1 and v[0] == v[-1] == '"': return json.loads(v)
    return v
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
scale = int(sys.argv[2])
out, i = [], 0
def indent(l): return len(l) - len(l.lstrip(" "))
while i < len(lines):
    line = lines[i]; out.append(line); i += 1
    if line.strip() != "items:":
        continue
    base = indent(line)
    blocks = []
    while i < len(lines) and (not lines[i].strip() or indent(lines[i]) > base):
        if lines[i].lstrip().startswith("- ") and indent(lines[i]) == base + 2:
            blocks.append([])
        if blocks:
            blocks[-1].append(lines[i])
        else:
            out.append(lines[i])
        i += 1
    for k in range(scale):
        for block in blocks:
            named = repo = False
            for l in block:
                m = re.match(r"^(\s*(?:- )?)(name|repo_url): (.*)$", l)
                if k and m and m.group(2) == "name" and not named and indent(l) <= base + 4:
                    l = f"{m.group(1)}name: {json.dumps(plain(m.group(3)) + f' {k + 1}')}"; named = True
                elif k and m and m.group(2) == "repo_url" and not repo and indent(l) <= base + 4:
                    l = f"{m.group(1)}repo_url: {m.group(3)}-{k + 1}"; repo = True
                out.append(l)
print("\n".join(out))
PY
  # Settings and guide are copied: inputs linked from outside the data's directory are refused.
  for f in settings.yml guide.yml; do
    [ -e "$data_dir/$f" ] && cp "$data_dir/$f" "$work/scaled/$f"
  done
  ln -s "$(realpath "$data_dir/hosted_logos")" "$work/scaled/hosted_logos"
  data_dir=$work/scaled
  echo "scale x$scale: $(grep -c '^ *- item:\|^ *- name:' "$data_dir/landscape.yml") item blocks"
fi

# run NAME SETUP CMD...: times CMD (after SETUP) $runs times; prints median seconds, the
# median user and system CPU (the system part is what moves with this VM's state) and peak KB.
run() {
  local name=$1 setup=$2; shift 2
  local rows=()
  for _ in $(seq "$runs"); do
    eval "$setup"
    # Flushed first: the last run's dirty pages (~120 MB for a cold CNCF build) would
    # otherwise be written back during this one, billing it for another run's output.
    sync
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
    rows+=("$(tail -n 1 "$work/time")")
  done
  python3 - "$name" "${rows[@]}" <<'PY'
import sys, statistics
name = sys.argv[1]
rows = [line.split() for line in sys.argv[2:]]
t, user, system = ([float(r[k]) for r in rows] for k in range(3))
peak = max(int(r[3]) for r in rows)
med = statistics.median
print(f"{name:<28} median {med(t):6.3f} s  (min {min(t):.3f}, max {max(t):.3f})  "
      f"cpu {med(user):.2f} user + {med(system):.2f} sys  peak {peak/1024:6.1f} MB")
PY
}

# A writable copy of the data file (settings, guide and logos linked), so one item can change.
mkdir -p "$work/data"
for f in landscape.yml settings.yml guide.yml; do
  [ -e "$data_dir/$f" ] && cp "$data_dir/$f" "$work/data/$f"
done
ln -sfn "$(realpath "$data_dir/hosted_logos")" "$work/data/hosted_logos"
# The settings' `screenshot_width` draws the landscape as PNG and PDF (seconds of work that
# landscape2 does in a browser, off in side-by-side runs): left out unless SCREENSHOTS=1.
if [ "${SCREENSHOTS:-0}" != 1 ] && [ -f "$work/data/settings.yml" ]; then
  sed -i '/^screenshot_width:/d' "$work/data/settings.yml"
fi
common=(--data "$work/data/landscape.yml")
# Each cold run gets a fresh directory (no cache, no previous site) instead of deleting the
# last one: on ext4, inodes freed in the last minute make creating new ones slow (the
# allocator skips "recently deleted" inodes, measured as most of the system time), so a
# delete in the setup would be billed to this run or the next row's. A CI machine starts
# without that debt.
n=0
run "validate, cold cache" 'n=$((n+1)); mkdir -p "$work/vcache$n"; ln -sfn "$work/vcache$n" "$work/cache"' $bin validate "${common[@]}" --cache "$work/cache"
run "validate, warm cache" ":" $bin validate "${common[@]}" --cache "$work/cache"
run "build, cold cache" 'n=$((n+1)); mkdir -p "$work/cold$n"; ln -sfn "$work/cold$n" "$work/cold"' $bin build "${common[@]}" --keep-going --quiet --cache "$work/cold/cache" --out "$work/cold/site"
run "build, fresh output" 'n=$((n+1)); mkdir -p "$work/out$n"; ln -sfn "$work/out$n" "$work/out"' $bin build "${common[@]}" --keep-going --quiet --cache "$work/cold/cache" --out "$work/out/site"
# What writing the same files costs this machine now: on a VM whose freed memory goes back to
# its host, a fresh page costs many microseconds to touch, whoever writes it.
copy_site='mkdir -p "$1/site"; cp -r "$2/site/items" "$1/site/" & find "$2/site" -mindepth 1 -maxdepth 1 ! -name items -exec cp -r {} "$1/site/" \; ; cp -r "$3" "$1/"; wait'
run "copy of that site and cache" 'n=$((n+1)); mkdir -p "$work/copy$n"; ln -sfn "$work/copy$n" "$work/copy"' bash -c "$copy_site" _ "$work/copy" "$work/out" "$work/cold/cache/logos"
# Rebuilds alternate between two trees (the output and its spare), and each keeps a record
# of what it holds once a rebuild has written into it: four untimed rebuilds reach that
# steady state, which is what a rebuild costs from then on.
for _ in 1 2 3 4; do
  $bin build "${common[@]}" --keep-going --quiet --cache "$work/cold/cache" --out "$work/cold/site" >/dev/null 2>&1
done
run "rebuild, nothing changed" ":" $bin build "${common[@]}" --keep-going --quiet --cache "$work/cold/cache" --out "$work/cold/site"
# One item's homepage changes before each run (a new value each time, so the spare, two
# builds old, differs too); the files the build touched are counted after the last run.
edit_one() {
  python3 - "$1" "$2" <<'PY'
import re, sys
path, n = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
text = re.sub(r"(homepage_url: \S+?)(\?edit=\d+)?\n", lambda m: f"{m.group(1)}?edit={n}\n", text, count=1)
open(path, "w", encoding="utf-8").write(text)
PY
}
edit='n=$((n+1)); touch "$work/marker"; edit_one "$work/data/landscape.yml" $n'
run "rebuild, one item changed" "$edit" $bin build "${common[@]}" --keep-going --quiet --cache "$work/cold/cache" --out "$work/cold/site"
echo "  files the last one-item rebuild wrote: $(find "$work/cold/site/" -type f -newer "$work/marker" | wc -l) of $(find "$work/cold/site/" -type f | wc -l)"
sync
echo "  one 256 MB write into the page cache: $(dd if=/dev/zero of="$work/dd" bs=1M count=256 2>&1 | tail -n 1 | sed 's/.*copied, //')"
echo
echo "validate summary:"
$bin validate "${common[@]}" --cache "$work/cache" 2>&1 | tail -1 || true
