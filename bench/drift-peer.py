"""The peer of `mlgate drift` in bench/drift.mjs: the same statistics in pandas + numpy + scipy.

Run with Debian's /usr/bin/python3 (it has pandas, numpy and scipy):

    /usr/bin/python3 bench/drift-peer.py REFERENCE.csv CURRENT.csv [--out FILE.json]

1. pandas.read_csv of both files (the C engine, default dtypes: float64 columns);
2. for every column both sides have, the values without NaN (pandas' missing cells), then:
   - scipy.stats.ks_2samp(reference, current) (method='auto': asymptotic at these sizes), statistic and
     p-value;
   - scipy.stats.wasserstein_distance(reference, current), and that over np.std(reference) (ddof 0);
   - the decile bins of src/core/drift/binning.ts: np.unique(np.percentile(reference, [10, ..., 90])),
     right-closed with open outer bins, counted with np.digitize(x, edges, right=True) + np.bincount;
   - numpy PSI on them as src/core/drift/psi.ts: proportions per side, exactly-0 proportions replaced by
     1e-4 (np.place), sum of (c - r) * ln(c / r);
   - scipy.spatial.distance.jensenshannon(r, c, base=2) on the same bins' raw proportions;
3. the values per column and the phase timings to --out (default: stdout) as JSON.
Each call is what a pandas + scipy user writes; none shares work with another (ks_2samp and
wasserstein_distance each sort the samples themselves), as the libraries give no way to.
"""

import argparse
import json
import os
import sys
import time

STARTED = time.perf_counter()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402
from scipy.spatial.distance import jensenshannon  # noqa: E402

DECILES = [10, 20, 30, 40, 50, 60, 70, 80, 90]
EMPTY = 1e-4


def psi_numpy(ref_counts, cur_counts):
    r = ref_counts / ref_counts.sum()
    c = cur_counts / cur_counts.sum()
    np.place(r, r == 0, EMPTY)
    np.place(c, c == 0, EMPTY)
    return float(np.sum((c - r) * np.log(c / r)))


def blas_info():
    try:
        from threadpoolctl import threadpool_info

        return [
            {k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for i in threadpool_info()
            if i.get("user_api") == "blas"
        ]
    except ImportError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("current")
    ap.add_argument("--out", help="write the JSON here (default: stdout)")
    args = ap.parse_args()
    phases = {"imports_s": time.perf_counter() - STARTED}

    t = time.perf_counter()
    ref_df = pd.read_csv(args.reference)
    cur_df = pd.read_csv(args.current)
    phases["read_csv_s"] = time.perf_counter() - t
    for name in ("ks_s", "wasserstein_s", "std_s", "bins_s", "psi_js_s"):
        phases[name] = 0.0

    def timed(phase, fn, *a, **kw):
        t0 = time.perf_counter()
        out = fn(*a, **kw)
        phases[phase] += time.perf_counter() - t0
        return out

    columns = {}
    for name in [c for c in ref_df.columns if c in cur_df.columns]:
        ref = ref_df[name].dropna().to_numpy(dtype=np.float64)
        cur = cur_df[name].dropna().to_numpy(dtype=np.float64)
        ks = timed("ks_s", stats.ks_2samp, ref, cur)
        w = timed("wasserstein_s", stats.wasserstein_distance, ref, cur)
        std = timed("std_s", np.std, ref)

        def bins():
            edges = np.unique(np.percentile(ref, DECILES))
            k = len(edges) + 1
            rc = np.bincount(np.digitize(ref, edges, right=True), minlength=k)
            cc = np.bincount(np.digitize(cur, edges, right=True), minlength=k)
            return edges, rc, cc

        edges, rc, cc = timed("bins_s", bins)

        def psi_js():
            return psi_numpy(rc, cc), float(jensenshannon(rc / len(ref), cc / len(cur), base=2))

        psi, js = timed("psi_js_s", psi_js)
        columns[name] = {
            "n_reference": int(len(ref)),
            "n_current": int(len(cur)),
            "ks_statistic": float(ks.statistic),
            "ks_p_value": float(ks.pvalue),
            "wasserstein": float(w),
            "wasserstein_normed": float(w / std) if std > 0 else None,
            "reference_std": float(std),
            "psi": psi,
            "jensen_shannon": js,
            "edges": [float(e) for e in edges],
            "reference_counts": [int(x) for x in rc],
            "current_counts": [int(x) for x in cc],
        }
    phases["total_in_process_s"] = time.perf_counter() - STARTED
    result = {
        "rows": {"reference": int(len(ref_df)), "current": int(len(cur_df))},
        "columns": columns,
        "phases": phases,
        "env": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "scipy": __import__("scipy").__version__,
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
            "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
            "blas": blas_info(),
        },
    }
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)
    else:
        json.dump(result, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
