#!/usr/bin/env bash
# The Python module and the example script on files the CLI writes.
set -euo pipefail
src="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
gym="$src/scenarios/gym-membership.toml"
"$JOURNEYSIM" run "$gym" --replications 2 --set population.customers=2000 -o run.h5 -q
"$JOURNEYSIM" compare "$gym" --replications 2 --set population.customers=2000 -o compare.h5 -q
"$JOURNEYSIM" sweep "$gym" --replications 2 --set population.customers=2000 -o sweep.h5 -q
sed -e 's/^design = "lhs".*/design = "sobol"/' -e 's/^points = 20$/points = 16/' "$gym" > sobol.toml
"$JOURNEYSIM" sweep sobol.toml --replications 1 --set population.customers=2000 -o sobol.h5 -q
# A grid with a parameter swept as false and true: bool in pandas, categories on the chart.
/usr/bin/python3 - "$gym" <<'PY' > flags.toml
import sys
text = open(sys.argv[1]).read()
print(text[:text.index("[sweep]")] + """[sweep]
replications = 1
[[sweep.parameters]]
path = "campaign.promo_email.enabled"
values = [false, true]
[[sweep.parameters]]
path = "touchpoint.purchase.mobile.friction"
values = [0.1, 0.3]
""")
PY
"$JOURNEYSIM" sweep flags.toml --set population.customers=1000 -o flags.h5 -q
"$JOURNEYSIM" sweep "$src/tests/fixtures/scenarios/partial-failure.toml" -o partial.h5 -q 2>/dev/null
/usr/bin/python3 - "$src" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/python")
import journeysim_results as jr
s = jr.sweep_summary("flags.h5")
assert s["campaign.promo_email.enabled"].dtype == bool, s.dtypes
assert list(s["campaign.promo_email.enabled"]) == [False, False, True, True], s
assert s["touchpoint.purchase.mobile.friction"].dtype == float
PY
/usr/bin/python3 "$src/python/examples/plot_sweep.py" flags.h5 campaign.promo_email.enabled
/usr/bin/python3 "$src/tests/python/results_test.py" run.h5 compare.h5 sweep.h5 sobol.h5 partial.h5
/usr/bin/python3 "$src/python/examples/plot_sweep.py" sweep.h5
/usr/bin/python3 "$src/python/examples/plot_sweep.py" sobol.h5 -o sobol
for png in sweep-response.png sobol-response.png sobol-tornado.png flags-response.png; do
  test "$(stat -c %s "$png")" -gt 10000 || { echo "$png: missing or empty" >&2; exit 1; }
done
echo "python: ok"
