#!/usr/bin/env bash
# How big the HTML report is and how long a browser takes to draw it, for the
# files the issue sets limits on: a compare of 50,000 customers × 4 arms × 20
# replications (3 MB, 2 s) and a sweep of 1,000 points (5 MB). Each page is
# opened ROUNDS times in headless Chromium (no virtual time, so the clock is
# real); the page itself records when its last chart was drawn
# (data-drawn-ms, from the start of navigation), and the whole Chromium run is
# timed too, less the median time of a blank page (Chromium starting and
# stopping), which adds the browser's own layout and paint. Prints medians
# and ranges.
#   tools/bench/report.sh [JOURNEYSIM] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
J=${1:-$here/build/release/bin/journeysim}
rounds=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$J" run "$here/scenarios/gym-membership.toml" --replications 20 -o run.h5 -q
"$J" compare "$here/scenarios/gym-membership.toml" --replications 20 -o compare.h5 -q
sed -e 's/^points = 20$/points = 1000/' "$here/scenarios/gym-membership.toml" > sweep.toml
"$J" sweep sweep.toml --replications 2 --set population.customers=500 -o sweep.h5 -q

open_page() {  # PAGE: prints the page's data-drawn-ms, then the wall milliseconds
  local start end dom
  start=$(date +%s%N)
  dom=$(chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
          --no-first-run --user-data-dir="$work/profile" --window-size=1200,3000 --dump-dom "file://$work/$1" 2>/dev/null)
  end=$(date +%s%N)
  echo "$(grep -o 'data-drawn-ms="[0-9]*"' <<< "$dom" | grep -o '[0-9]*' || echo 0) $(((end - start) / 1000000))"
}
median() { sort -n | sed -n "$(((rounds + 1) / 2))p"; }
spread() { sort -n | sed -n '1p;$p' | paste -sd'-'; }

echo '<!doctype html><title>blank</title>' > blank.html
blank=$(for ((i = 0; i < rounds; ++i)); do open_page blank.html | cut -d' ' -f2; done | median)
echo "a blank page: $blank ms (median of $rounds), subtracted below"
printf '| page | size | drawn in-page (median, range) | opened and drawn less a blank page (median, range) |\n| --- | --- | --- | --- |\n'
for kind in run compare sweep; do
  "$J" report "$kind.h5" -o "$kind.html" > /dev/null
  for ((i = 0; i < rounds; ++i)); do open_page "$kind.html"; done > "$kind.times"
  inpage=$(cut -d' ' -f1 "$kind.times")
  wall=$(cut -d' ' -f2 "$kind.times" | while read -r w; do echo $((w - blank)); done)
  printf '| %s | %s MB | %s ms (%s) | %s ms (%s) |\n' "$kind" \
    "$(awk -v b="$(stat -c %s "$kind.html")" 'BEGIN { printf "%.2f", b / 1e6 }')" \
    "$(median <<< "$inpage")" "$(spread <<< "$inpage")" "$(median <<< "$wall")" "$(spread <<< "$wall")"
done
