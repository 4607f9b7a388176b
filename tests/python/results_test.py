"""python/journeysim_results.py against files the CLI writes: every table
labelled with str, joined as documented, and equal to the datasets it reshapes;
on the wrong kind of file (and on tests/fixtures/before_pipeline/gym-run.h5, from
before /convert_days), a ValueError that says which command writes what was asked.
PARTIAL.h5 is a sweep where some runs failed (tests/fixtures/scenarios/partial-failure.toml).
Usage: results_test.py RUN.h5 COMPARE.h5 SWEEP.h5 SOBOL.h5 PARTIAL.h5"""
import os
import shutil
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import journeysim_results as jr  # noqa: E402

run_file, compare_file, sweep_file, sobol_file, partial_file = sys.argv[1:6]
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

# a sweep where some runs failed: their rows, zeros in the file, marked and NaN
check(not sweep_runs["failed"].any() and sweep_runs["customers"].dtype.kind in "iu",
      "runs: no run failed, nothing NaN, counts as integers")
with h5py.File(partial_file, "r") as f:
    failed_runs = sorted(int(r) for r in f["sweep/failures"]["run"])
    stored = f["runs"][()]
part = jr.runs(partial_file)
check(0 < len(failed_runs) < len(part), "partial: some runs failed, not all: " + str(failed_runs))
check(sorted(part.loc[part["failed"], "run"]) == failed_runs, "runs: failed is /sweep/failures' runs")
check(part.loc[part["failed"], ["customers", "converted", "profit", "conversion_rate"]].isna().all().all(),
      "runs: a failed run's values are NaN")
kept = ~part["failed"].to_numpy()
check(np.array_equal(part.loc[kept, "converted"].to_numpy(), stored["converted"][kept]),
      "runs: the other runs' values as stored")
check(np.allclose(part.groupby("variant")["conversion_rate"].mean().to_numpy(),
                  jr.sweep_summary(partial_file)["conversion_rate"].to_numpy(), equal_nan=True),
      "runs: a point's mean over its runs is /sweep/summary's, failed runs left out")
part_segments = jr.segment_runs(partial_file)
check(part_segments.loc[part_segments["failed"], "customers"].isna().all()
      and part_segments.loc[~part_segments["failed"], "customers"].gt(0).any(),
      "segment_runs: a failed run's rows NaN, the others not")
check(jr.funnel(partial_file).loc[lambda t: t["failed"], "reached"].isna().all(), "funnel: failed runs NaN")
why = jr.failures(partial_file)
check(sorted(why["run"]) == failed_runs and set(why["arm"]) == {"p1"}, "failures: a row per failed run, its arm")
check(why["error"].str.contains("4,194,304 events").all(), "failures: the message as str")
check((why["touchpoint.buy.phone.retry_delay.value"] == 1e-12).all(), "failures: the point's values joined")
check(len(jr.failures(sweep_file)) == 0, "failures: none in a sweep where every run succeeded")

# sensitivity
indices = jr.sensitivity(sobol_file)
check(indices.attrs["design"] == "sobol", "sensitivity: design")
check(set(indices["path"]) == {path, "touchpoint.consideration.mobile.friction"}, "sensitivity: paths as str")
check({"first", "total_ci_high"} <= set(indices.columns), "sensitivity: sobol fields")


# the wrong kind of file: a ValueError naming the file, the command that wrote
# it and what writes the thing asked for, not h5py's KeyError
def refusal(call, *args):
    """The message of the ValueError that call(*args) raises, or what it did instead."""
    try:
        call(*args)
    except ValueError as e:
        return str(e)
    except Exception as e:  # h5py's KeyError, which the checks replace: a failure to report, not to stop on
        return "not a ValueError: " + type(e).__name__ + ": " + str(e)
    return "no error"


def root_attr(path, name):
    with h5py.File(path, "r") as f:
        return f.attrs[name]


def refused(what, call, args, *words):
    message = refusal(call, *args)
    check(all(w in message for w in words), what + ": " + message)


# Not HDF5 at all (a scenario, a page): h5py's OSError named no file.
with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as scenario:
    scenario.write("schema = 1\n")
refused("runs on a scenario file", jr.runs, [scenario.name], scenario.name, "cannot be read as a journeysim results file")
os.unlink(scenario.name)

refused("compare on a run file", jr.compare, [run_file],
        run_file, "written by `journeysim run`", "/compare is written by `journeysim compare`")
refused("compare on a sweep file", jr.compare, [sweep_file],
        sweep_file, "written by `journeysim sweep`", "`journeysim compare`")
refused("sweep_summary on a run file", jr.sweep_summary, [run_file],
        run_file, "written by `journeysim run`", "/sweep/summary is written by `journeysim sweep`")
refused("sweep_summary on a compare file", jr.sweep_summary, [compare_file],
        compare_file, "written by `journeysim compare`", "`journeysim sweep`")
refused("sensitivity on a run file", jr.sensitivity, [run_file],
        run_file, "written by `journeysim run`", "/sensitivity is written by `journeysim sweep`", "sobol")
refused("sensitivity on an lhs sweep", jr.sensitivity, [sweep_file],
        sweep_file, "written by `journeysim sweep`", "no /sensitivity", '"sobol" or "morris"')
refused("failures on a run file", jr.failures, [run_file],
        run_file, "written by `journeysim run`", "/sweep/failures is written by `journeysim sweep`")
refused("labels of compare only on a run file", jr.labels, [run_file, "variant_fixed_cost"],
        run_file, "written by `journeysim run`", "`journeysim compare`")
refused("labels no file has", jr.labels, [run_file, "stage"], run_file, "/labels/stage;", "stages")

with tempfile.TemporaryDirectory() as tmp:
    # A file from before /by_segment and /convert_days: what an older journeysim wrote.
    old_file = os.path.join(tmp, "old.h5")
    shutil.copy(run_file, old_file)
    with h5py.File(old_file, "r+") as f:
        del f["by_segment"]
        del f["convert_days"]
    for call, name in [(jr.segment_runs, "/by_segment/runs"), (jr.funnel_by_segment, "/by_segment/funnel/reached"),
                       (jr.convert_days, "/convert_days")]:
        refused(call.__name__ + " on an older file", call, [old_file], old_file, "written by `journeysim run`",
                "before journeysim wrote " + name, "run `" + root_attr(run_file, "command_line") + "` again")
    # Another program's file, with a /runs of its own.
    other_file = os.path.join(tmp, "other.h5")
    with h5py.File(other_file, "w") as f:
        f["runs"] = [1]
    refused("runs on a file journeysim did not write", jr.runs, [other_file],
            other_file, "not a journeysim results file")
# A file the journeysim of before /convert_days wrote, with no command_line.
before = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "before_pipeline", "gym-run.h5")
refused("convert_days on a file of before /convert_days", jr.convert_days, [before],
        before, "before journeysim wrote /convert_days", "`journeysim run` on its /scenario/effective")

for f in failures:
    print("results_test: " + f, file=sys.stderr)
sys.exit(1 if failures else 0)
