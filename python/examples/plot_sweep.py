"""Conversion and profit against a swept parameter, with 95% CI bands, and
(for a sobol sweep) a tornado chart of the total-effect indices.

    python3 python/examples/plot_sweep.py outputs/gym-membership-sweep.h5 [PARAMETER] [-o PREFIX]

Writes PREFIX-response.png and, when the file has Sobol indices,
PREFIX-tornado.png (PREFIX: the file's name without .h5).
"""
import argparse
import os
import sys

import matplotlib
import numpy as np

matplotlib.use("Agg")  # files, not a window
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import journeysim_results as jr  # noqa: E402


def series(summary, parameter):
    """(label, points) to draw. On a grid, a line for each combination of the
    other parameters' levels (at most 8); otherwise every point alone: the
    other parameters vary too, and the spread at one x is theirs."""
    others = [c for c in summary.columns if "." in c and c != parameter]
    if others:
        combos = summary[others].drop_duplicates()
        if len(combos) <= 8 and len(summary) == len(combos) * summary[parameter].nunique():
            out = []
            for key, points in summary.groupby(others if len(others) > 1 else others[0], sort=True):
                key = key if isinstance(key, tuple) else (key,)
                label = ", ".join(f"{o} = {str(v).lower() if isinstance(v, (bool, np.bool_)) else f'{v:g}'}"
                                  for o, v in zip(others, key))
                out.append((label, points.sort_values(parameter), "o-"))
            return out
    return [("point mean, 95% CI over replications", summary, "o")]


def response(summary, parameter, out):
    """Each point's mean with its 95% CI against one parameter."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, metric, scale, label in ((axes[0], "conversion_rate", 100, "conversion (%)"),
                                     (axes[1], "profit", 1, "profit")):
        flag = summary[parameter].dtype == bool  # false and true: two categories, not a number line
        for name, points, fmt in series(summary, parameter):
            y = scale * points[metric]
            errors = [y - scale * points[metric + "_ci_low"], scale * points[metric + "_ci_high"] - y]
            x = points[parameter].astype(int) if flag else points[parameter]
            ax.errorbar(x, y, yerr=errors, fmt=fmt, capsize=3, label=name)
        if flag:
            ax.set_xticks([0, 1])
            ax.set_xticklabels(["false", "true"])
            ax.set_xlim(-0.5, 1.5)
        ax.set_xlabel(parameter)
        ax.set_ylabel(label)
        ax.legend(loc="best", fontsize="small")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def tornado(indices, metric, out):
    """Total-effect and first-order indices side by side, largest total on top."""
    rows = indices[indices.metric == metric].sort_values("total").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.7 * len(rows)))
    y = rows.index.to_numpy()
    for offset, key, color, label in ((0.18, "total", "#E69F00", "total effect"),
                                      (-0.18, "first", "#0072B2", "first order")):
        errors = [rows[key] - rows[key + "_ci_low"], rows[key + "_ci_high"] - rows[key]]
        ax.barh(y + offset, rows[key], height=0.34, xerr=errors, color=color, ecolor="black", capsize=3,
                label=label + " (95% CI)")
    ax.set_yticks(y)
    ax.set_yticklabels(rows.path)
    ax.set_xlabel("Sobol index of " + metric + " (share of its variance)")
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("parameter", nargs="?", help="a swept path (default: the first)")
    parser.add_argument("-o", "--prefix")
    args = parser.parse_args()
    prefix = args.prefix or os.path.splitext(args.file)[0]
    try:
        summary = jr.sweep_summary(args.file)
    except ValueError as e:  # not a sweep's file: the reader says which command writes one
        sys.exit(f"plot_sweep: {e}")
    parameters = [c for c in summary.columns if "." in c]  # parameter paths are dotted; metric names are not
    numeric = [p for p in parameters if summary[p].dtype != bool]
    parameter = args.parameter or (numeric or parameters)[0]
    if parameter not in parameters:
        sys.exit(f"plot_sweep: {parameter} is not swept in {args.file}; the swept parameters: "
                 + ", ".join(parameters))
    response(summary, parameter, prefix + "-response.png")
    written = [prefix + "-response.png"]
    try:
        indices = jr.sensitivity(args.file)
    except ValueError:
        indices = None
    if indices is not None and indices.attrs.get("design") == "sobol":
        tornado(indices, "conversion_rate", prefix + "-tornado.png")
        written.append(prefix + "-tornado.png")
    print("wrote " + ", ".join(written))


if __name__ == "__main__":
    main()
