#!/usr/bin/env bash
# journeysim report in a real browser, a page of each kind (run, teaching
# example, compare, sweep, sobol sensitivity) (headless Chromium): the page renders
# with no script error, every chart container holds a drawn chart, it tries
# to load nothing (its Content-Security-Policy forbids every load and the
# page marks any attempt as an error), and the screenshot is not blank. The
# screenshots stay in OUT (the build folder) for a person to look at.
set -euo pipefail
src="$1"
out="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "report: $*" >&2; exit 1; }

# Chromium as DEPENDENCIES.md has it: nothing of its own on the network either.
browse() {
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$work/profile" --window-size=1200,6000 \
    --virtual-time-budget=10000 "$@" 2>>"$work/chromium.err"
}

check() {  # KIND RESULTS: render, look, keep the screenshot
  local kind="$1" results="$2" page="$work/$1.html"
  "$JOURNEYSIM" report "$results" -o "$page" > /dev/null
  browse --dump-dom "file://$page" > "$work/$kind.dom" || fail "$kind: chromium failed: $(tail -3 "$work/chromium.err")"
  grep -q 'data-rendered="yes"' "$work/$kind.dom" || fail "$kind: the page did not finish drawing"
  if grep -o 'data-error="[^"]*"' "$work/$kind.dom"; then fail "$kind: a script error"; fi
  grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$page" || fail "$kind: the page may load things"
  /usr/bin/python3 - "$work/$kind.dom" "$kind" <<'PY'
import re, sys
dom, kind = open(sys.argv[1]).read(), sys.argv[2]
ids = re.findall(r'<div class="chart" id="([^"]+)"', dom)
if not ids:
    sys.exit(f"report: {kind}: no chart containers")
for cid in ids:
    after = dom.split(f'id="{cid}"', 1)[1]
    points = re.match(r'[^>]*data-points="(\d+)"', after)
    if not points or int(points.group(1)) == 0:
        sys.exit(f"report: {kind}: chart {cid} has nothing to show")
    body = after[:20000]
    if "<svg" not in body or "<path" not in body:
        sys.exit(f"report: {kind}: chart {cid} is not drawn")
print(f"report: {kind}: {len(ids)} charts drawn")
PY
  browse --screenshot="$out/report-$kind.png" "file://$page" > /dev/null || fail "$kind: no screenshot"
  /usr/bin/python3 - "$out/report-$kind.png" "$kind" <<'PY'
import sys
from PIL import Image
img = Image.open(sys.argv[1]).convert("L")
inked = sum(1 for p in img.getdata() if p < 200)
if inked < 20000:
    sys.exit(f"report: {sys.argv[2]}: the screenshot is nearly blank ({inked} dark pixels)")
PY
}

gym="$src/scenarios/gym-membership.toml"
"$JOURNEYSIM" run "$gym" --replications 3 --set population.customers=3000 -o run.h5 -q
check run run.h5
"$JOURNEYSIM" run "$src/scenarios/teaching-minimal.toml" --replications 1 -o teaching.h5 -q
check teaching teaching.h5
# Retail wins customers back at "Repeat purchases": its Sankey node names the funnel's
# customers reached there beside its moves out, which count a won-back customer again.
"$JOURNEYSIM" run "$src/scenarios/retail-omnichannel.toml" --replications 2 --set population.customers=5000 -o retail.h5 -q
check retail retail.h5
/usr/bin/python3 - "$work/retail.dom" <<'PY' || fail "retail: the Sankey's stage counts are not the funnel's"
import re, sys
dom = open(sys.argv[1]).read()
reached = re.search(r'<tr><td>Repeat purchases</td><td>([0-9,.]+)</td>', dom).group(1)
texts = [re.sub(r'<[^>]+>', '', t) for t in re.findall(r'<text[^>]*>.*?</text>', dom)]
if f"{reached} reached" not in texts or not any(t.endswith(" moves out") for t in texts):
    sys.exit(f"report: retail: no Sankey label '{reached} reached' and its moves out")
# The main cause of loss names the touchpoint, as the console does, not the channel alone.
if not re.search(r'<td class="text">(left without friction|abandoned after friction) at [^<\[]+ \[[^\]<]+\] \(', dom):
    sys.exit("report: retail: the main causes of loss do not name their touchpoints")
PY

# A segment entering past the first stage: its funnel starts where it enters, and its
# shares are of its customers (they were of its 0 customers at awareness: 10,520%).
sed -e 's/^id = "desktop"$/id = "desktop"\nentry_stage = "consideration"/' "$gym" > entering.toml
"$JOURNEYSIM" run entering.toml --replications 1 --set population.customers=2000 -o entering.h5 -q
check entering entering.h5
/usr/bin/python3 - "$work/entering.dom" <<'PY' || fail "entering: a segment's funnel shares are not of its customers"
import re, sys
dom = open(sys.argv[1]).read()
chart = dom.split('id="segments"', 1)[1].split('class="sub"', 1)[0]
shares = [float(s.replace(",", "")) for s in re.findall(r'>([0-9.,]+)%<', chart)]
if len(shares) != 7 or max(shares) > 100:
    sys.exit(f"report: entering: segment funnel shares {shares}: 4 stages and 3, none past 100%")
PY

# --report writes the page beside the results.
"$JOURNEYSIM" compare "$gym" --replications 3 --set population.customers=3000 -o compare.h5 -q --report
grep -q 'data-rendered' compare.html || fail "compare --report wrote no compare.html"
check compare compare.h5
grep -q 'id="funnelDiff"' "$work/compare.dom" || fail "compare: no chart of each variant's difference in the funnel"
# The paragraph names the variant worth most, with its change in conversion and in profit.
grep -q 'class="summary">The baseline converts [^<]* changes conversion by [^<]*, and profit by [^<]* over the horizon' "$work/compare.dom" \
  || fail "compare: the summary paragraph is not what it should be"
# ROI and payback as the console rounds them (the page had 776.6% and 20.5 days where it said
# +777 % and 21 days), and a change that never pays back says "never" (it was blank).
cat > never.toml < "$gym"
cat >> never.toml <<'TOML'

[[variants]]
id = "worse"
title = "A longer mobile form"
set = { "touchpoint.purchase.mobile.friction" = 0.6 }
fixed_cost = 1000.0

[[variants]]
id = "progress"
title = "A shorter mobile form with a progress bar and sign-in through a social account"
set = { "touchpoint.purchase.mobile.friction" = 0.15 }
fixed_cost = 1000.0
TOML
"$JOURNEYSIM" compare never.toml --replications 3 --set population.customers=3000 -o never.h5 > never.txt
check never never.h5
/usr/bin/python3 - "$work/never.dom" never.txt <<'PY' || fail "compare: never.toml's page (the line above says what)"
import re, sys
dom, console = open(sys.argv[1]).read(), open(sys.argv[2]).read()
table = dom.split('class="arms"', 1)[1].split('</table>', 1)[0]
page = [[re.sub(r'<[^>]+>', '', c) for c in re.findall(r'<td>(.*?)</td>', r)] for r in re.findall(r'<tr>(.*?)</tr>', table)]
for row in page[1:]:  # ROI and payback, the last two cells
    roi, pay = row[-2].replace('%', ' %'), row[-1]
    if roi not in console or pay not in console:
        sys.exit(f"{row[0]}: the page has {roi!r} and {pay!r}, not on the console")
if page[-2][-1] != "never":
    sys.exit(f"the variant that loses money pays back {page[-2][-1]!r}")
# Six arms' long titles wrap the legend onto a second line: it keeps the gap below the axis
# labels that a one-line legend has (the chart kept its height, so each line pushed the
# legend up: two lines touched the labels, three sat on them).
funnels = dom.split('id="funnels"', 1)[1].split('class="chart"', 1)[0]
def ys(pattern):
    return [(float(y), text) for y, text in re.findall(pattern, funnels, re.S)]
axis = ys(r'<text[^>]*text-anchor="middle"[^>]*translate\([0-9.]+ ([0-9.]+)\)[^>]*font-size: 12px[^>]*>([^<]*)</text>')
legend = ys(r'<text[^>]*x="30"[^>]*translate\([0-9.]+ ([0-9.]+)\)[^>]*>([^<]*)</text>')
if not axis or len(legend) != 6:
    sys.exit(f"funnels: axis labels {axis}, legend {legend}")
lowest = max(y + 14 * text.count("\n") for y, text in axis)
if len({y for y, _ in legend}) < 2 or min(y for y, _ in legend) < lowest + 20:
    sys.exit(f"funnels: the legend (at {sorted({y for y, _ in legend})}) is not on two lines below the axis labels (to {lowest})")
PY

"$JOURNEYSIM" sweep "$gym" --replications 2 --set population.customers=1000 -o sweep.h5 -q --report
grep -q 'data-rendered' sweep.html || fail "sweep --report wrote no sweep.html"
check sweep sweep.h5
sed -e 's/^design = "lhs".*/design = "sobol"/' -e 's/^points = 20$/points = 8/' "$gym" > sobol.toml
"$JOURNEYSIM" sweep sobol.toml --replications 1 --set population.customers=1000 -o sobol.h5 -q
check sensitivity sobol.h5
# The metric of the Sobol chart can be switched (the select, or a link's #sensitivity=...).
browse --dump-dom "file://$work/sensitivity.html#sensitivity=profit" > profit.dom
grep -q 'Share of the variance of profit' profit.dom || fail "sensitivity: #sensitivity=profit did not switch the chart"

# A true/false parameter's axis says false and true (it had no label at all), a log-scale
# one has labels between its powers of ten (10 to 40 had one, "10"), and Morris effects
# on conversion are in percentage points, as on the console (they were fractions).
sed '/^\[sweep\]/,$d' "$gym" > shapes.toml
cat >> shapes.toml <<'TOML'
[sweep]
design = "grid"
[[sweep.parameters]]
path = "campaign.promo_email.enabled"
values = [false, true]
[[sweep.parameters]]
path = "channel.search.cost_per_touch"
range = [10.0, 40.0]
steps = 3
scale = "log"
TOML
"$JOURNEYSIM" sweep shapes.toml --replications 1 --set population.customers=500 -o shapes.h5 -q
check shapes shapes.h5
sed -e 's/^design = "lhs".*/design = "morris"/' -e 's/^points = 20$/trajectories = 3/' "$gym" > morris.toml
"$JOURNEYSIM" sweep morris.toml --replications 1 --set population.customers=500 -o morris.h5 -q
check morris morris.h5
/usr/bin/python3 - "$work/shapes.dom" "$work/morris.dom" <<'PY' || fail "sweep axes: $(cat axes.err)"
import re, sys
def labels(dom, chart):
    part = dom.split(f'id="{chart}"', 1)[1].split('<h2', 1)[0]
    return [re.sub(r'<[^>]+>', '', t) for t in re.findall(r'<text[^>]*>.*?</text>', part)]
shapes, morris = open(sys.argv[1]).read(), open(sys.argv[2]).read()
err = open("axes.err", "w")
if not {"false", "true"} <= set(labels(shapes, "param0")):
    err.write(f"the true/false axis reads {labels(shapes, 'param0')}"); sys.exit(1)
numbers = [t for t in labels(shapes, "param1") if re.fullmatch(r'[0-9.]+', t)]
if len(numbers) < 3:
    err.write(f"the log axis has the labels {numbers}"); sys.exit(1)
if "Mean absolute elementary effect μ* on conversion rate (and σ), in percentage points" not in labels(morris, "tornado"):
    err.write("the Morris chart of conversion is not in percentage points"); sys.exit(1)
PY

# A point whose every run failed is left out of the ranking: it was "the least profitable
# point" (its null profit sorted last). At friction 1 every customer retries until the horizon.
cat > failing.toml <<'TOML'
schema = 1
[scenario]
name = "failing"
horizon_days = 100.0
[population]
customers = 200
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
cost_per_touch = 1.0
[[stages]]
id = "buy"
conversion = true
[[touchpoints]]
stage = "buy"
channel = "web"
friction = 1.0
abandon = 0.0
retry_delay = { dist = "fixed", value = 1.0 }
advance = 0.3
[sweep]
[[sweep.parameters]]
path = "touchpoint.buy.web.retry_delay.value"
values = [2.0, 1e-12, 0.5]
TOML
"$JOURNEYSIM" sweep failing.toml --replications 1 -o failing.h5 -q
check failing failing.h5
grep -q '1 point had every run fail and is left out' failing.dom || fail "failing: the failed point is not said to be left out"
grep -q 'the least, touchpoint.buy.web.retry_delay.value = 0.5,' failing.dom ||
  fail "failing: the least profitable point is not the worst one that ran"

# A point with some runs failed is marked with how many ran, as on the console: its mean
# is over the runs left (those without the stuck customer).
"$JOURNEYSIM" sweep "$src/tests/fixtures/scenarios/partial-failure.toml" -o partial.h5 -q 2> /dev/null
check partial partial.h5
grep -q 'the least, touchpoint.buy.phone.retry_delay.value = 1e-12 (2 of 4 runs),' partial.dom ||
  fail "partial: the least profitable point does not say it ran 2 of 4 runs"
grep -q 'Runs failed at 1 point (p1: 2 of 4 runs); its means are over the runs that finished.' partial.dom ||
  fail "partial: the summary does not say p1 lost runs"
grep -q '<td>p1 (2 of 4 runs)</td>' partial.dom || fail "partial: the table does not mark p1"
grep -q '<td>p0</td>' partial.dom || fail "partial: the table marks p0, which lost no run"

# Small values on a log axis keep their digits: 2e-5 to 2e-4 read "0" at every tick.
cp "$src/scenarios/teaching-minimal.toml" small.toml
cat >> small.toml <<'TOML'
[sweep]
design = "grid"
[[sweep.parameters]]
path = "touchpoint.interest.web.advance"
range = [2e-5, 2e-4]
steps = 3
scale = "log"
TOML
"$JOURNEYSIM" sweep small.toml --replications 1 --set population.customers=300 -o small.h5 -q
check small small.h5
/usr/bin/python3 - "$work/small.dom" <<'PY' || fail "small: the log axis' labels lost their digits"
import re, sys
dom = open(sys.argv[1]).read()
part = dom.split('id="param0"', 1)[1].split('<h2', 1)[0]
ticks = [re.sub(r'<[^>]+>', '', t) for t in re.findall(r'<text[^>]*>.*?</text>', part)]
numbers = [t for t in ticks if re.fullmatch(r'[0-9.e-]+', t)]
if len(numbers) < 3 or any(float(t) == 0 for t in numbers):
    sys.exit(f"small: log-axis labels {numbers}")
PY

# What is not a results file is refused with a message, not a broken page.
if "$JOURNEYSIM" report "$gym" -o scenario.html 2> scenario.err; then fail "a scenario gave a page"; fi
grep -q 'it is not a journeysim results file' scenario.err || fail "scenario: $(cat scenario.err)"
test ! -e scenario.html || fail "a refused report left scenario.html"
echo "report: ok (screenshots in $out)"
