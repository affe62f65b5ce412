"""The peer of the paired statistics in bench/compare.mjs: the same work in numpy + scipy + scikit-learn.

Run with Debian's /usr/bin/python3 (it has numpy, scipy and scikit-learn); bench/compare.mjs writes the
data (raw little-endian int32/float64 arrays) and a manifest naming them:

    /usr/bin/python3 bench/compare_peer.py MANIFEST.json [--out FILE.json]

Sections, each run `runs` times and timed in-process (perf_counter; imports and file reading excluded):
  bootstrap_sklearn_<metric>  what a scikit-learn user writes: R times idx = rng.integers(0, n, n) with
                              rng = np.random.default_rng(seed), the metric of both models on y[idx]
                              (roc_auc_score on P(1), accuracy_score on the labels,
                              mean_squared_error(squared=False)), the delta kept; the point values on all
                              rows; np.percentile(deltas, [2.5, 97.5])
  bootstrap_numpy_<metric>    the same loop hand-vectorised: per-row correctness / squared error computed
                              once, then per resample their means over idx (accuracy; rmse = sqrt of it)
  resampling_numpy            the R index draws alone
  delong_rankdata             DeLong's test by Sun & Xu's fast algorithm as yandexdataschool/roc_comparison
                              writes it (fastDeLong, delong_roc_test), its compute_midrank replaced by
                              scipy.stats.rankdata: the vectorised form
  delong_loop                 the same with that repository's compute_midrank verbatim (a Python while loop
                              over the sorted scores), the implementation most copies carry
The results (point values, CIs, DeLong's AUCs, variance, z, p, CI) and every time go to --out as JSON.
"""

import argparse
import json
import platform
import sys
import time

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn.metrics import accuracy_score, mean_squared_error, roc_auc_score


def load(manifest):
    out = {}
    for name, spec in manifest["files"].items():
        out[name] = np.fromfile(spec["file"], dtype="<i4" if spec["dtype"] == "int32" else "<f8")
    return out


# ---------------------------------------------------------------------------------------------------------
# bootstrap


def bootstrap_loop(n, resamples, seed, metric):
    """metric(idx) -> (candidate, baseline); idx None means all rows."""
    rng = np.random.default_rng(seed)
    deltas = np.empty(resamples)
    for b in range(resamples):
        idx = rng.integers(0, n, n)
        c, base = metric(idx)
        deltas[b] = c - base
    c, base = metric(None)
    lo, hi = np.percentile(deltas, [2.5, 97.5])
    return {"candidate": float(c), "baseline": float(base), "delta": float(c - base), "ci95": [float(lo), float(hi)]}


def sklearn_metrics(d):
    y, pb, pc = d["bin_y"], d["bin_base"], d["bin_cand"]
    lb, lc = d["bin_base_pred"], d["bin_cand_pred"]
    ry, rb, rc = d["reg_y"], d["reg_base"], d["reg_cand"]

    def roc(idx):
        if idx is None:
            return roc_auc_score(y, pc), roc_auc_score(y, pb)
        yi = y[idx]
        return roc_auc_score(yi, pc[idx]), roc_auc_score(yi, pb[idx])

    def acc(idx):
        if idx is None:
            return accuracy_score(y, lc), accuracy_score(y, lb)
        yi = y[idx]
        return accuracy_score(yi, lc[idx]), accuracy_score(yi, lb[idx])

    def rmse(idx):
        if idx is None:
            return mean_squared_error(ry, rc, squared=False), mean_squared_error(ry, rb, squared=False)
        yi = ry[idx]
        return mean_squared_error(yi, rc[idx], squared=False), mean_squared_error(yi, rb[idx], squared=False)

    return {"roc_auc": (len(y), roc), "accuracy": (len(y), acc), "rmse": (len(ry), rmse)}


def numpy_metrics(d):
    y = d["bin_y"]
    right_c = (d["bin_cand_pred"] == y).astype(np.float64)
    right_b = (d["bin_base_pred"] == y).astype(np.float64)
    ry = d["reg_y"]
    se_c = (ry - d["reg_cand"]) ** 2
    se_b = (ry - d["reg_base"]) ** 2

    def acc(idx):
        if idx is None:
            return right_c.mean(), right_b.mean()
        return right_c[idx].mean(), right_b[idx].mean()

    def rmse(idx):
        if idx is None:
            return np.sqrt(se_c.mean()), np.sqrt(se_b.mean())
        return np.sqrt(se_c[idx].mean()), np.sqrt(se_b[idx].mean())

    return {"accuracy": (len(y), acc), "rmse": (len(ry), rmse)}


def resampling_only(n, resamples, seed):
    rng = np.random.default_rng(seed)
    for _ in range(resamples):
        rng.integers(0, n, n)
    return None


# ---------------------------------------------------------------------------------------------------------
# DeLong (yandexdataschool/roc_comparison, compare_auc_delong_xu.py)


def compute_midrank(x):
    """That repository's midranks, verbatim but for np.float (removed from numpy) -> float."""
    J = np.argsort(x)
    Z = x[J]
    N = len(x)
    T = np.zeros(N, dtype=float)
    i = 0
    while i < N:
        j = i
        while j < N and Z[j] == Z[i]:
            j += 1
        T[i:j] = 0.5 * (i + j - 1)
        i = j
    T2 = np.empty(N, dtype=float)
    # Note(kazeevn) +1 is due to Python using 0-based indexing instead of 1-based in the AUC formula
    T2[J] = T + 1
    return T2


def fast_delong(predictions_sorted_transposed, label_1_count, midrank):
    m = label_1_count
    n = predictions_sorted_transposed.shape[1] - m
    positive_examples = predictions_sorted_transposed[:, :m]
    negative_examples = predictions_sorted_transposed[:, m:]
    k = predictions_sorted_transposed.shape[0]
    tx = np.empty([k, m], dtype=float)
    ty = np.empty([k, n], dtype=float)
    tz = np.empty([k, m + n], dtype=float)
    for r in range(k):
        tx[r, :] = midrank(positive_examples[r, :])
        ty[r, :] = midrank(negative_examples[r, :])
        tz[r, :] = midrank(predictions_sorted_transposed[r, :])
    aucs = tz[:, :m].sum(axis=1) / m / n - float(m + 1.0) / 2.0 / n
    v01 = (tz[:, :m] - tx[:, :]) / n
    v10 = 1.0 - (tz[:, m:] - ty[:, :]) / m
    sx = np.cov(v01)
    sy = np.cov(v10)
    delongcov = sx / m + sy / n
    return aucs, delongcov


def delong_roc_test(ground_truth, predictions_one, predictions_two, midrank):
    """predictions_one = the baseline, predictions_two = the candidate; the difference is two − one."""
    order = (-ground_truth).argsort()
    label_1_count = int(ground_truth.sum())
    sorted_preds = np.vstack((predictions_one, predictions_two))[:, order]
    aucs, cov = fast_delong(sorted_preds, label_1_count, midrank)
    diff = aucs[1] - aucs[0]
    var = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    sd = np.sqrt(var)
    z = diff / sd
    q = stats.norm.ppf(0.975)
    return {"auc_baseline": float(aucs[0]), "auc_candidate": float(aucs[1]), "difference": float(diff),
            "variance": float(var), "z": float(z), "p_value": float(2 * stats.norm.sf(abs(z))),
            "ci95": [float(diff - q * sd), float(diff + q * sd)]}


# ---------------------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("manifest")
    ap.add_argument("--out", help="write the JSON here (default: stdout)")
    args = ap.parse_args()
    with open(args.manifest) as f:
        manifest = json.load(f)
    d = load(manifest)
    resamples, seed, runs = manifest["resamples"], manifest["seed"], manifest["runs"]
    sections = {}

    def section(name, fn):
        times = []
        result = None
        for _ in range(runs):
            t = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t)
        sections[name] = {"times_s": times, "result": result}
        print(f"peer {name}: {', '.join(f'{s:.2f} s' for s in times)}", flush=True)

    for name, (n, metric) in sklearn_metrics(d).items():
        section(f"bootstrap_sklearn_{name}", lambda: bootstrap_loop(n, resamples, seed, metric))
    for name, (n, metric) in numpy_metrics(d).items():
        section(f"bootstrap_numpy_{name}", lambda: bootstrap_loop(n, resamples, seed, metric))
    section("resampling_numpy", lambda: resampling_only(len(d["bin_y"]), resamples, seed))
    y, base, cand = d["dl_y"], d["dl_base"], d["dl_cand"]
    section("delong_rankdata", lambda: delong_roc_test(y, base, cand, stats.rankdata))
    section("delong_loop", lambda: delong_roc_test(y, base, cand, compute_midrank))
    dl = sections["delong_rankdata"]["result"]
    dl["sklearn_auc_baseline"] = float(roc_auc_score(y, base))
    dl["sklearn_auc_candidate"] = float(roc_auc_score(y, cand))

    payload = {
        "env": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                "sklearn": sklearn.__version__},
        "sections": sections,
    }
    text = json.dumps(payload)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
