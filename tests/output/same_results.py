"""Exits 1 unless two journeysim results files hold the same datasets and
attributes bit for bit: created_utc aside, and /events compared after a
stable sort by (run, time, customer) (tests/fixtures/before_pipeline/README.md)
unless --strict-events."""
import sys

import h5py
import numpy as np

IGNORED_ATTRS = {"created_utc", "threads", "processes", "command_line"}  # when and how it was made, not what
# Root attributes the pre-pipeline files do not have (they say what ran).
NEW_ATTRS = {"set", "variant", "replications"}
# /runs' unit now names each column's unit, from the list of metrics.
IGNORED_DATASET_ATTRS = {("runs", "unit")}
# Dataset attributes files written before them do not have.
NEW_DATASET_ATTRS = {("sweep/parameters", "boolean")}
# Datasets files written before them do not have: only the newer file may hold them.
NEW_DATASETS = {"convert_days"}


def items(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj))
    return out


def canonical_events(rows):
    order = np.lexsort((rows["customer"], rows["time"], rows["run"]))  # last key first
    return rows[order]


def without_replications(text):
    lines = text.decode("utf-8").splitlines() if isinstance(text, bytes) else text.splitlines()
    return "\n".join(line for line in lines if not line.startswith("replications = "))


def same_array(a, b):
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.names:
        return all(same_array(a[n], b[n]) for n in a.dtype.names)
    if a.dtype.kind == "f":
        return np.array_equal(a.view(np.uint64 if a.itemsize == 8 else np.uint32),
                              b.view(np.uint64 if b.itemsize == 8 else np.uint32))
    return np.array_equal(a, b)


def main(expected_path, actual_path, strict_events=False):
    problems = []
    with h5py.File(expected_path, "r") as e, h5py.File(actual_path, "r") as a:
        for name in set(e.attrs) | set(a.attrs):
            if name in IGNORED_ATTRS:
                continue
            if name in NEW_ATTRS and name not in e.attrs:
                continue
            if name not in e.attrs or name not in a.attrs or not np.array_equal(e.attrs[name], a.attrs[name]):
                problems.append(f"root attribute {name}")
        ei, ai = items(e), items(a)
        for name in sorted(set(ei) | set(ai)):
            if name not in ei and name in NEW_DATASETS:
                continue
            if name not in ei or name not in ai:
                problems.append(f"{name}: only in {'expected' if name in ei else 'actual'}")
                continue
            x, y = ei[name], ai[name]
            if isinstance(x, h5py.Group) != isinstance(y, h5py.Group):
                problems.append(f"{name}: group against dataset")
                continue
            for attr in set(x.attrs) | set(y.attrs):
                if (name, attr) in IGNORED_DATASET_ATTRS:
                    continue
                if (name, attr) in NEW_DATASET_ATTRS and attr not in x.attrs:
                    continue
                if attr not in x.attrs or attr not in y.attrs or not np.array_equal(x.attrs[attr], y.attrs[attr]):
                    problems.append(f"{name}: attribute {attr}")
            if isinstance(x, h5py.Group):
                continue
            ex, ac = x[()], y[()]
            if name == "events" and not strict_events:
                ex, ac = canonical_events(ex), canonical_events(ac)
            if name == "scenario/effective" and not strict_events:
                # It now records the replications that ran (issue 8).
                ex, ac = without_replications(ex), without_replications(ac)
            if isinstance(ex, np.ndarray):
                ok = same_array(ex, ac) if isinstance(ac, np.ndarray) else False
            else:
                ok = ex == ac
            if not ok:
                problems.append(f"{name}: values differ")
    for p in problems:
        print(f"{actual_path}: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    # --strict-events: /events row for row, as two files of today's binary must be.
    strict = "--strict-events" in sys.argv
    paths = [a for a in sys.argv[1:] if a != "--strict-events"]
    sys.exit(main(paths[0], paths[1], strict))
