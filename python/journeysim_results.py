"""journeysim results files as tidy pandas tables, one call each.

    import journeysim_results as jr
    runs = jr.runs("outputs/gym-membership-sweep.h5")   # a row per run, parameters joined
    jr.funnel(path), jr.funnel_by_segment(path), jr.segment_runs(path), jr.occupancy(path),
    jr.convert_days(path), jr.compare(path), jr.sweep_summary(path), jr.sensitivity(path),
    jr.failures(path)

A sweep goes on past a run that fails (a customer past the event limit at
an extreme point): the file holds that run's rows as zeros. Every per-run
table of a sweep has a `failed` column, and a failed run's values there are
NaN, so that a mean over runs leaves it out, as /sweep/summary does;
jr.failures(path) says why each one failed.

Every label (arm, point, stage, segment, channel, metric, parameter) is a
str, not bytes. The layout is outputs/README.md; nothing here recomputes a
result, it only reshapes and labels what the file holds. A call on a file
without what it reads (compare() on a file of `journeysim run`, say) raises
a ValueError that names the file, the command that wrote it and the command
that writes what was asked for.
"""
import contextlib

import h5py
import numpy as np
import pandas as pd

__all__ = ["runs", "segment_runs", "funnel", "funnel_by_segment", "occupancy", "convert_days", "compare",
           "sweep_summary", "sensitivity", "failures", "labels"]


def _text(values):
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in values]


def _attr(f, name):
    """A root attribute as str, "" when absent."""
    return _text([f.attrs.get(name, b"")])[0]


# What only one command writes: the command, and the option it takes, if
# any. The file's own `command` attribute then says why a file lacks it.
_WRITTEN_BY = {
    "compare": ("compare", ""),
    "labels/variant_fixed_cost": ("compare", ""),
    "sweep": ("sweep", ""),
    "sensitivity": ("sweep", ' with [sweep] design = "sobol" or "morris"'),
}


def _missing(f, path, name):
    """Why the file has no /<name>, and what writes it."""
    command = _attr(f, "command")
    wrote = f"{path} was written by `journeysim {command}`"
    writer = _WRITTEN_BY.get(name) or _WRITTEN_BY.get(name.split("/")[0])
    if writer:
        by, option = writer
        if by != command:
            return f"{wrote}; /{name} is written by `journeysim {by}`{option}"
        # The right command without the option: a sweep of another design has no /sensitivity.
        return f"{wrote} and has no /{name}: only `journeysim {by}`{option} writes it"
    if name.startswith("labels/"):  # every file has the rest: a name no file has, so list the file's
        return f"{path} has no /{name}; its labels: " + ", ".join(f["labels"].keys())
    # Every file of this layout has the rest: the journeysim that wrote this one predates it.
    typed = _attr(f, "command_line")  # empty from the library, absent in older files
    again = f"`{typed}` again" if typed else f"`journeysim {command}` on its /scenario/effective"
    return (f"{wrote} (engine {_attr(f, 'engine_version')}) before journeysim wrote /{name}; "
            f"run {again} with this journeysim to get it")


@contextlib.contextmanager
def _results(path, *names):
    """The results file, read-only, holding `names` (_require). A file that is not HDF5 at all (a
    scenario, a page) is named in a ValueError, where h5py's OSError ("file signature not found")
    does not say which file."""
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise ValueError(f"{path} cannot be read as a journeysim results file (HDF5): {e}") from e
    with f:
        _require(f, path, *names)
        yield f


def _require(f, path, *names):
    """Stop with what writes the first of `names` the file lacks, where h5py would raise a bare KeyError."""
    # Checked first: another program's file can hold a /runs of its own.
    if _attr(f, "format") != "journeysim":
        raise ValueError(path + ' is not a journeysim results file (its root attribute format is not "journeysim")')
    for name in names:
        if name not in f:
            raise ValueError(_missing(f, path, name))


def labels(path, name):
    """The ids of /labels/<name> (stages, channels, segments, variants, ...) as str."""
    with _results(path, "labels/" + name) as f:
        return _text(f["labels/" + name][:])


def _arms(f):
    """Each run's arm: the variant id (run, compare) or point id (sweep), and a sweep's values."""
    ids = _text(f["labels/variants"][:])
    values = None
    if "sweep" in f:
        values = pd.DataFrame(f["sweep/values"][:], columns=_text(f["sweep/parameters"][:]))
        values.index.name = "variant"
        for path in _text([f["sweep/parameters"].attrs.get("boolean", b"")])[0].splitlines():
            values[path] = values[path] != 0  # swept as false and true

    return ids, values


# The columns of a per-run table that say which run, cell or bin a row is;
# the rest are what the run measured.
_KEYS = {"run", "variant", "replication", "seed", "segment", "segment_id", "stage", "time", "days"}


def _with_arm(f, table, column="variant"):
    """Every per-run table ends here: each row's arm (and a sweep point's values), and a sweep's failed
    runs marked."""
    ids, values = _arms(f)
    measured = [c for c in table.columns if c not in _KEYS]
    table.insert(table.columns.get_loc(column) + 1, "arm", [ids[v] for v in table[column]])
    if "sweep/failures" in f:
        failed = table["run"].isin(f["sweep/failures"]["run"])
        table.insert(table.columns.get_loc("arm") + 1, "failed", failed)
        if failed.any():  # zeros in the file, not results: NaN, which means and sums skip
            table[measured] = table[measured].astype(float)
            table.loc[failed, measured] = np.nan
    if values is not None:
        table = table.join(values, on=column)
    return table


def runs(path):
    """/runs: a row per run, with its arm (or sweep point) and, for a sweep, the point's parameter values."""
    with _results(path, "runs") as f:
        return _with_arm(f, pd.DataFrame(f["runs"][:]))


def segment_runs(path):
    """/by_segment/runs: a row per (run, segment), with segment ids and arms."""
    with _results(path, "by_segment/runs") as f:
        table = pd.DataFrame(f["by_segment/runs"][:])
        segments = _text(f["labels/segments"][:])
        table.insert(table.columns.get_loc("segment") + 1, "segment_id", [segments[s] for s in table["segment"]])
        return _with_arm(f, table)


def _long(f, path, names, axes):
    """Datasets of the same shape [run, ...axes] as one long table, a column per dataset."""
    _require(f, path, *names)
    first = f[names[0]][()]
    index = pd.MultiIndex.from_product([range(first.shape[0])] + [_text(f["labels/" + a][:]) for a in axes],
                                       names=["run"] + [a.rstrip("s") for a in axes])
    table = pd.DataFrame({n.split("/")[-1]: f[n][()].reshape(-1) for n in names}, index=index).reset_index()
    keys = pd.DataFrame(f["runs"][:])[["run", "variant", "replication"]]
    table = table.merge(keys, on="run")
    return _with_arm(f, table)


def funnel(path):
    """A row per (run, stage): reached, lost, in_progress, and drop_off = lost / reached (NaN if none reached)."""
    with _results(path) as f:
        table = _long(f, path, ["funnel/reached", "funnel/lost", "funnel/in_progress"], ["stages"])
    table["drop_off"] = table["lost"] / table["reached"].replace(0, np.nan)
    return table


def funnel_by_segment(path):
    """A row per (run, segment, stage): reached, lost, in_progress for that segment's customers."""
    with _results(path) as f:
        return _long(f, path,
                     ["by_segment/funnel/reached", "by_segment/funnel/lost", "by_segment/funnel/in_progress"],
                     ["segments", "stages"])


def occupancy(path):
    """A row per (run, row of /occupancy, stage): `time` in days ((d + 1) x step_days) and `customers`."""
    with _results(path, "occupancy") as f:
        data = f["occupancy"]
        step = int(data.attrs.get("step_days", 1))
        runs_n, rows, stages = data.shape
        stage_ids = _text(f["labels/stages"][:])
        table = pd.DataFrame({
            "run": np.repeat(np.arange(runs_n), rows * stages),
            "time": np.tile(np.repeat((np.arange(rows) + 1) * step, stages), runs_n),
            "stage": np.tile(stage_ids, runs_n * rows),
            "customers": data[()].reshape(-1),
        })
        keys = pd.DataFrame(f["runs"][:])[["run", "variant", "replication"]]
        return _with_arm(f, table.merge(keys, on="run"))


def convert_days(path):
    """A row per (run, row of /convert_days): `days` since arrival at the row's end
    ((d + 1) x step_days) and `conversions`, the time-to-convert distribution."""
    with _results(path, "convert_days") as f:
        data = f["convert_days"]
        step = int(data.attrs.get("step_days", 1))
        runs_n, rows = data.shape
        table = pd.DataFrame({
            "run": np.repeat(np.arange(runs_n), rows),
            "days": np.tile((np.arange(rows) + 1) * step, runs_n),
            "conversions": data[()].reshape(-1),
        })
        keys = pd.DataFrame(f["runs"][:])[["run", "variant", "replication"]]
        return _with_arm(f, table.merge(keys, on="run"))


def compare(path):
    """/compare with metric names as str and each arm's id."""
    with _results(path, "compare") as f:
        table = pd.DataFrame(f["compare"][:])
        table["metric"] = _text(table["metric"])
        return _with_arm(f, table)


def sweep_summary(path):
    """/sweep/summary: a row per point, each metric's mean and 95% CI, with the point's parameter values."""
    with _results(path, "sweep/summary") as f:
        table = pd.DataFrame(f["sweep/summary"][:])
        ids, values = _arms(f)
        table.insert(1, "arm", [ids[p] for p in table["point"]])
        return table.join(values, on="point")


def failures(path):
    """/sweep/failures: a row per failed run (`run`, `point`, `replication`, and `error`, its message, as
    str), with its point's id and parameter values; no rows when every run succeeded."""
    with _results(path, "sweep/failures") as f:
        table = pd.DataFrame(f["sweep/failures"][:])
        table["error"] = _text(table["error"])
        ids, values = _arms(f)
        table.insert(table.columns.get_loc("point") + 1, "arm", [ids[p] for p in table["point"]])
        return table.join(values, on="point")


def sensitivity(path):
    """/sensitivity (sobol, morris): a row per (metric, parameter), with the parameter's path as str."""
    with _results(path, "sensitivity") as f:
        table = pd.DataFrame(f["sensitivity"][:])
        table["metric"] = _text(table["metric"])
        paths = _text(f["sweep/parameters"][:])
        table.insert(1, "path", [paths[p] for p in table["parameter"]])
        table.attrs["design"] = f["sensitivity"].attrs["design"]
        return table
