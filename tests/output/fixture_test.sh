#!/usr/bin/env bash
# The same scenario through today's pipeline gives the datasets that the
# pre-pipeline binary wrote (tests/fixtures/before_pipeline/README.md), at
# one thread and at two.
set -euo pipefail
src="$1"
fixtures="$src/tests/fixtures/before_pipeline"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
while read -r file args; do
  for threads in 1 2; do
    # shellcheck disable=SC2086
    (cd "$src" && "$JOURNEYSIM" $args --threads "$threads" -o "$work/$file" -q)
    /usr/bin/python3 "$src/tests/output/same_results.py" "$fixtures/$file" "$work/$file"
  done
done < "$fixtures/commands.txt"
echo "fixtures: identical"

# A log far larger than a chunk, on 2 threads: the later run's log is parked
# in a temporary file while the earlier one streams; the file must not change.
args="run scenarios/../tools/bench/journey.toml --events --replications 3 --set population.customers=60000"
# shellcheck disable=SC2086
(cd "$src" && "$JOURNEYSIM" $args --threads 1 -o "$work/one.h5" -q && "$JOURNEYSIM" $args --threads 2 -o "$work/two.h5" -q)
/usr/bin/python3 "$src/tests/output/same_results.py" --strict-events "$work/one.h5" "$work/two.h5"
echo "events parked on disk: identical to one thread, row for row"

# The log is LZF-compressed (h5py's filter 32000), and stock h5py reads it
# back with its own decoder: the comparison above read every row of it.
/usr/bin/python3 - "$work/two.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    events = f["events"]
    assert events.compression == "lzf", events.compression
    assert len(events[:]) == events.shape[0] > 65536 * 2
PY
echo "events: LZF, read back by h5py"
