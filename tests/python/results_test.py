"""python/journeysim_results.py against files the CLI writes: every table
labelled with str, joined as documented, and equal to the datasets it reshapes.
Usage: results_test.py RUN.h5 COMPARE.h5 SWEEP.h5 SOBOL.h5"""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import journeysim_results as jr  # noqa: E402

run_file, compare_file, sweep_file, sobol_file = sys.argv[1:5]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


# run: runs, funnel, segments, occupancy
runs = jr.runs(run_file)
check(list(runs["arm"].unique()) == ["baseline"], "runs: arm is the variant id as str")
funnel = jr.funnel(run_file)
with h5py.File(run_file, "r") as f:
    reached = f["funnel/reached"][()]
    stages = [s.decode() for s in f["labels/stages"][:]]
    step = int(f["occupancy"].attrs["step_days"])
    occupancy = f["occupancy"][()]
check(all(isinstance(s, str) for s in funnel["stage"]), "funnel: stages are str")
check(np.array_equal(funnel.pivot(index="run", columns="stage", values="reached")[stages].to_numpy(), reached),
      "funnel: reached equals /funnel/reached")
check(np.allclose(funnel["drop_off"], funnel["lost"] / funnel["reached"]), "funnel: drop_off = lost / reached")
by_segment = jr.funnel_by_segment(run_file)
summed = by_segment.groupby(["run", "stage"])["reached"].sum().unstack()[stages].to_numpy()
check(np.array_equal(summed, reached), "funnel_by_segment: sums over segments are the totals")
segments = jr.segment_runs(run_file)
check(set(segments["segment_id"]) == {"mobile_first", "desktop"}, "segment_runs: segment ids as str")
check((segments.groupby("run")["customers"].sum().to_numpy() == runs["customers"].to_numpy()).all(),
      "segment_runs: customers sum to /runs")
occ = jr.occupancy(run_file)
check(len(occ) == occupancy.size, "occupancy: a row per cell")
check(occ["time"].iloc[0] == step and occ["time"].max() == occupancy.shape[1] * step, "occupancy: time in days")
conv = jr.convert_days(run_file)
check((conv.groupby("run")["conversions"].sum().to_numpy() == runs["converted"].to_numpy()).all(),
      "convert_days: each run's rows sum to its conversions")
check(conv["days"].iloc[0] == step, "convert_days: days at the row's end")

# compare
cmp = jr.compare(compare_file)
check("short-form" in set(cmp["arm"]), "compare: arm ids")
check(isinstance(cmp["metric"].iloc[0], str) and "drop_off.purchase" in set(cmp["metric"]), "compare: metric as str")

# sweep: parameters joined to runs and summary
sweep_runs = jr.runs(sweep_file)
summary = jr.sweep_summary(sweep_file)
path = "touchpoint.purchase.mobile.friction"
check(path in sweep_runs.columns and path in summary.columns, "sweep: parameter values joined")
check(sweep_runs["arm"].iloc[0] == "p0", "sweep: point ids")
means = sweep_runs.groupby("variant")["conversion_rate"].mean().to_numpy()
check(np.allclose(means, summary["conversion_rate"].to_numpy()), "sweep_summary: means of the runs")

# sensitivity
indices = jr.sensitivity(sobol_file)
check(indices.attrs["design"] == "sobol", "sensitivity: design")
check(set(indices["path"]) == {path, "touchpoint.consideration.mobile.friction"}, "sensitivity: paths as str")
check({"first", "total_ci_high"} <= set(indices.columns), "sensitivity: sobol fields")

for f in failures:
    print("results_test: " + f, file=sys.stderr)
sys.exit(1 if failures else 0)
