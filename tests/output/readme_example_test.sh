#!/usr/bin/env bash
# Runs the h5py + pandas example of outputs/README.md exactly as written there,
# against a small run of the gym example.
set -euo pipefail
src="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$JOURNEYSIM" run "$src/scenarios/gym-membership.toml" --replications 2 --set population.customers=2000 --quiet
# The example is the first ```python block of outputs/README.md.
awk '/^```python/{on=1; next} /^```/{if(on){exit}} on' "$src/outputs/README.md" > example.py
test -s example.py
/usr/bin/python3 example.py > out.txt
cat out.txt
grep -q "conversion_rate" out.txt
grep -q "awareness" out.txt

# DESIGN §5: every dataset carries a `dims` attribute.
/usr/bin/python3 - <<'PY'
import h5py
f = h5py.File("outputs/gym-membership-run.h5", "r")
missing = []
f.visititems(lambda name, obj: missing.append(name) if isinstance(obj, h5py.Dataset) and "dims" not in obj.attrs else None)
assert not missing, f"datasets without dims: {missing}"
assert f.attrs["format"] == "journeysim" and f.attrs["format_version"] == 1
runs = f["runs"][:]
assert (runs["customers"] == runs["completed"] + runs["lost"] + runs["in_progress"]).all()
print("every dataset has dims; customers = completed + lost + in_progress")
PY

# The /events example, on a run with referrals (refer rows on the referrers).
"$JOURNEYSIM" run "$src/scenarios/retail-omnichannel.toml" --replications 1 --set population.customers=3000 \
  --events -o results.h5 --quiet
awk '/^```python/{on=1; block=""; next} /^```/{if (on && block ~ /f\["events"\]/) {printf "%s", block; exit} on=0; next} on{block=block $0 "\n"}' \
  "$src/outputs/README.md" > events.py
grep -q 'f\["events"\]' events.py
cat >> events.py <<'PY'
in_order = journeys.groupby(["run", "customer"])["time"].apply(lambda t: t.is_monotonic_increasing)
assert in_order.all(), in_order[~in_order].head()
assert {"arrive", "refer", "advance"} <= set(events["kind"]), set(events["kind"])
print(f"events: {len(events)} rows, each customer's journey in time order")
PY
/usr/bin/python3 events.py
