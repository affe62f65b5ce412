#!/usr/bin/python3
"""Reference values for src/core/compare, computed by scipy 1.10.1 / scikit-learn 1.2.1 / numpy (Debian's
/usr/bin/python3).

Writes test/fixtures/compare/*.json:
  mcnemar.json           b, c from correctness arrays (and bootstrap-count weights); the exact p-value of
                         scipy.stats.binomtest(min(b, c), b + c, 0.5) and the continuity-corrected
                         chi-square of statsmodels' mcnemar(exact=False, correction=True), written out here
                         with scipy: (|b - c| - 1)^2 / (b + c), p = chi2.sf(stat, 1)
  delong.json            DeLong's test for two correlated ROC AUCs by the fast midrank algorithm of
                         Sun & Xu (2014), "Fast implementation of DeLong's algorithm for comparing the areas
                         under correlated receiver operating characteristic curves", IEEE Signal Processing
                         Letters 21(11), written in numpy as in yandexdataschool/roc_comparison; the AUCs
                         are checked against sklearn.metrics.roc_auc_score before they are written
  wilcoxon.json          scipy.stats.wilcoxon(x, y) with the 1.10.1 defaults
  paired_bootstrap.json  percentile CIs of metric differences over the xoshiro128** resamples that
                         src/core/metrics/prng.ts draws (the PRNG port of metrics_reference.py)
Floats are written with repr (json does), so they round-trip. Run from the repository root:
    /usr/bin/python3 scripts/reference/compare_reference.py
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn import datasets
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, mean_absolute_error, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from metrics_reference import Xoshiro128, resample_counts  # noqa: E402  (the same PRNG stream)

OUT = os.path.join('test', 'fixtures', 'compare')


def flt(v):
    v = float(v)
    return None if not np.isfinite(v) else v


# ---------------------------------------------------------------------------------------------------
# McNemar

def mcnemar_ref(b, c):
    n = b + c
    if n == 0:
        return {'b': b, 'c': c, 'exact_p': 1.0, 'chi2_statistic': None, 'chi2_p': 1.0}
    stat = (abs(b - c) - 1) ** 2 / n
    return {'b': b, 'c': c, 'exact_p': float(stats.binomtest(min(b, c), n, 0.5).pvalue),
            'chi2_statistic': float(stat), 'chi2_p': float(stats.chi2.sf(stat, 1))}


def mcnemar_cases(rng):
    arrays = []
    for name, n, pb, pc, weighted in [('small', 40, 0.7, 0.75, False), ('medium', 2000, 0.8, 0.83, False),
                                      ('weighted bootstrap counts', 300, 0.85, 0.8, True),
                                      ('identical', 50, 0.6, None, False)]:
        base = (rng.random_sample(n) < pb).astype(int)
        cand = base.copy() if pc is None else (rng.random_sample(n) < pc).astype(int)
        w = resample_counts(Xoshiro128(11), n).astype(int) if weighted else np.ones(n, dtype=int)
        b = int(np.sum(w * ((base == 1) & (cand == 0))))
        c = int(np.sum(w * ((base == 0) & (cand == 1))))
        arrays.append({'name': name, 'baseline': base.tolist(), 'candidate': cand.tolist(),
                       'weights': w.tolist() if weighted else None, **mcnemar_ref(b, c)})
    counts = [mcnemar_ref(b, c) for b, c in [
        (0, 0), (1, 0), (0, 1), (0, 5), (3, 10), (10, 3), (5, 5), (7, 8), (10, 11), (12, 30), (25, 25),
        (1, 99), (100, 2000), (499, 560), (4000, 4200), (40000, 60000), (49900, 50100), (49990, 50010),
        (49500, 50500), (0, 100000), (30000, 70000), (123456, 124400), (2, 1000000)]]
    return {'arrays': arrays, 'counts': counts}


# ---------------------------------------------------------------------------------------------------
# DeLong (Sun & Xu 2014): midranks of the positives, the negatives and all rows per model.

def fast_delong(y, scores):
    """y: 0/1 labels, scores: [k, N]. Returns AUCs and the k x k covariance (Sun & Xu, eq. 3-6)."""
    order = np.concatenate([np.flatnonzero(y == 1), np.flatnonzero(y == 0)])
    m = int(np.sum(y == 1))
    n = len(y) - m
    preds = scores[:, order]
    tx = np.array([stats.rankdata(p[:m]) for p in preds])  # midranks among positives
    ty = np.array([stats.rankdata(p[m:]) for p in preds])  # midranks among negatives
    tz = np.array([stats.rankdata(p) for p in preds])  # midranks among all
    aucs = tz[:, :m].sum(axis=1) / m / n - (m + 1.0) / 2.0 / n
    v10 = (tz[:, :m] - tx) / n  # structural components of the positives
    v01 = 1.0 - (tz[:, m:] - ty) / m  # of the negatives
    with np.errstate(all='ignore'), warnings.catch_warnings():
        warnings.simplefilter('ignore')
        s10 = np.cov(v10)
        s01 = np.cov(v01)
    return aucs, s10 / m + s01 / n


def delong_ref(name, y, baseline, candidate, note=''):
    y = np.asarray(y)
    case = {'name': name, 'note': note, 'yTrue': y.tolist(), 'baseline': np.asarray(baseline).tolist(),
            'candidate': np.asarray(candidate).tolist()}
    m = int(np.sum(y == 1))
    if m == 0 or m == len(y):
        case.update({'auc_baseline': None, 'auc_candidate': None, 'difference': None, 'variance': None,
                     'z': None, 'p_value': None, 'ci95': None})
        return case
    aucs, cov = fast_delong(y, np.vstack([baseline, candidate]))
    for a, s in zip(aucs, (baseline, candidate)):
        assert abs(a - roc_auc_score(y, s)) < 1e-12, (name, a, roc_auc_score(y, s))
    diff = aucs[1] - aucs[0]
    var = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    case.update({'auc_baseline': float(roc_auc_score(y, baseline)),
                 'auc_candidate': float(roc_auc_score(y, candidate)), 'difference': float(diff),
                 'variance': flt(var)})
    if not np.isfinite(var) or var <= 0:
        case.update({'z': None, 'p_value': None, 'ci95': None})
        return case
    sd = np.sqrt(var)
    z = diff / sd
    q = stats.norm.ppf(0.975)
    case.update({'z': float(z), 'p_value': float(2 * stats.norm.sf(abs(z))),
                 'ci95': [float(diff - q * sd), float(diff + q * sd)]})
    return case


def delong_cases(rng, breast):
    cases = []
    n = 40
    y = rng.randint(0, 2, n)
    s1 = np.round(rng.random_sample(n) * 0.4 + 0.3 * y, 1)  # heavy ties
    s2 = np.round(rng.random_sample(n) * 0.6 + 0.2 * y, 1)
    cases.append(delong_ref('small with ties', y, s1, s2))
    n = 500
    y = rng.randint(0, 2, n)
    latent = rng.normal(0, 1, n) + 1.2 * y
    cases.append(delong_ref('medium continuous', y, latent + rng.normal(0, 1.0, n),
                            latent + rng.normal(0, 0.5, n)))
    cases.append(delong_ref('all-equal baseline predictions', y, np.full(n, 0.5), latent))
    cases.append(delong_ref('identical models', y, latent, latent.copy(), 'variance 0: no z'))
    y1 = np.zeros(30, dtype=int)
    y1[7] = 1
    s = rng.random_sample(30)
    cases.append(delong_ref('one positive', y1, s, rng.random_sample(30), 'covariance of one row: undefined'))
    cases.append(delong_ref('one class only', np.ones(20, dtype=int), rng.random_sample(20),
                            rng.random_sample(20), 'AUC undefined'))
    X, yb, strong, weak = breast
    cases.append(delong_ref('breast cancer: two features vs all', yb, weak, strong))
    n = 20000
    y = (rng.random_sample(n) < 0.3).astype(int)
    latent = rng.normal(0, 1, n) + 1.0 * y
    cases.append(delong_ref('large n', y, np.round(latent + rng.normal(0, 0.8, n), 3),
                            np.round(latent + rng.normal(0, 0.7, n), 3)))
    return cases


# ---------------------------------------------------------------------------------------------------
# Wilcoxon signed-rank

def wilcoxon_ref(name, x, y, note=''):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    d = x - y
    case = {'name': name, 'note': note, 'x': x.tolist(), 'y': y.tolist()}
    zeros = int(np.sum(d == 0))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            res = stats.wilcoxon(x, y)
    except ValueError as e:
        case.update({'statistic': None, 'p_value': None, 'method': None, 'n': 0, 'error': str(e)})
        return case
    # The method scipy 1.10.1 picks (_morestats.py): exact when len(d) <= 50 and no zero differences,
    # ties or not; else the normal approximation on the non-zero differences.
    method = 'exact' if len(d) <= 50 and zeros == 0 else 'approx'
    case.update({'statistic': flt(res.statistic), 'p_value': flt(res.pvalue), 'method': method,
                 'n': int(len(d) - zeros) if method == 'approx' else int(len(d)), 'zeros': zeros})
    return case


def wilcoxon_cases(rng, diabetes):
    cases = []
    x = rng.normal(0, 1, 20)
    cases.append(wilcoxon_ref('exact, n=20, no ties', x, x + rng.normal(0.3, 1, 20)))
    x = np.round(rng.normal(0, 1, 20), 1)
    y = np.round(x + rng.normal(0.4, 0.6, 20), 1)
    y[y == x] += 0.1
    cases.append(wilcoxon_ref('exact with tied |d|, n=20', x, y, 'scipy 1.10.1 stays exact with ties'))
    x = np.round(rng.normal(0, 1, 30), 1)
    y = x + np.round(rng.normal(0.2, 0.5, 30), 1)
    y[:4] = x[:4]
    cases.append(wilcoxon_ref('zeros switch to approx, n=30', x, y))
    x = rng.normal(0, 1, 50)
    cases.append(wilcoxon_ref('exact at the n=50 boundary', x, x + rng.normal(0.2, 1, 50)))
    x = rng.normal(0, 1, 51)
    cases.append(wilcoxon_ref('approx at n=51', x, x + rng.normal(0.2, 1, 51)))
    x = np.round(rng.normal(0, 1, 200), 1)
    cases.append(wilcoxon_ref('approx with ties and zeros, n=200', x, np.round(x + rng.normal(0.05, 0.3, 200), 1)))
    cases.append(wilcoxon_ref('exact, n=9, hand-sized', [1, 2, 3, 4, 5, 6, 7, 8, 9],
                              [2, 4, 6, 8, 10, 3, 4, 5, 6]))
    cases.append(wilcoxon_ref('exact with a half rank sum', [1, 0, 2, 3, 4, 5, 0, 7], [0, 1, 0, 0, 0, 0, 6, 0],
                              'r_plus = 27.5: scipy takes int(r_plus) = 27 for the exact p'))
    cases.append(wilcoxon_ref('one pair', [1.0], [3.0]))
    cases.append(wilcoxon_ref('all differences zero, n=60', np.arange(60.0), np.arange(60.0)))
    cases.append(wilcoxon_ref('all differences zero, n=5', np.arange(5.0), np.arange(5.0)))
    cases.append(wilcoxon_ref('all equal |d|, n=12', np.ones(12), np.array([0, 2] * 6, dtype=float),
                              'r_plus at the centre of the exact distribution: p 1'))
    base_err, cand_err = diabetes
    cases.append(wilcoxon_ref('diabetes absolute errors, candidate vs baseline', cand_err, base_err))
    n = 5000
    e1 = np.abs(rng.normal(0, 1, n))
    cases.append(wilcoxon_ref('large n absolute errors', np.round(np.abs(e1 + rng.normal(-0.02, 0.3, n)), 2),
                              np.round(e1, 2)))
    return cases


# ---------------------------------------------------------------------------------------------------
# Paired bootstrap

def paired_bootstrap_cases(rng, breast_pred, diabetes_pred):
    yb, base_pred, cand_pred = breast_pred
    yr, base_reg, cand_reg = diabetes_pred
    out = []
    for metric, seed, resamples, data in [('accuracy', 0, 300, 'breast'), ('accuracy', 7, 150, 'breast'),
                                          ('mae', 3, 200, 'diabetes')]:
        n = len(yb) if data == 'breast' else len(yr)
        gen = Xoshiro128(seed)
        deltas = []
        for _ in range(resamples):
            idx = np.repeat(np.arange(n), resample_counts(gen, n).astype(np.int64))
            if metric == 'accuracy':
                deltas.append(accuracy_score(yb[idx], cand_pred[idx]) - accuracy_score(yb[idx], base_pred[idx]))
            else:
                deltas.append(mean_absolute_error(yr[idx], cand_reg[idx])
                              - mean_absolute_error(yr[idx], base_reg[idx]))
        if metric == 'accuracy':
            point = (accuracy_score(yb, cand_pred), accuracy_score(yb, base_pred))
        else:
            point = (mean_absolute_error(yr, cand_reg), mean_absolute_error(yr, base_reg))
        lo, hi = np.percentile(deltas, [2.5, 97.5])
        out.append({'metric': metric, 'data': data, 'seed': seed, 'resamples': resamples,
                    'candidate': point[0], 'baseline': point[1], 'delta': point[0] - point[1],
                    'ci95': [float(lo), float(hi)], 'skipped': 0})
    # Skips: the statistic has no value when row 0 is not drawn; the reference counts those resamples.
    n = 6
    x = [1.0, 0.0, 1.0, 1.0, 0.0, 1.0]
    gen = Xoshiro128(5)
    deltas = []
    for _ in range(400):
        w = resample_counts(gen, n)
        if w[0] == 0:
            continue
        deltas.append(float(np.dot(w, x) / w.sum() - 0.5))
    lo, hi = np.percentile(deltas, [2.5, 97.5])
    skip = {'n': n, 'x': x, 'seed': 5, 'resamples': 400, 'skipped': 400 - len(deltas),
            'ci95': [float(lo), float(hi)]}
    return {'breast': {'yTrue': yb.tolist(), 'baseline': base_pred.tolist(), 'candidate': cand_pred.tolist()},
            'diabetes': {'yTrue': yr.tolist(), 'baseline': base_reg.tolist(), 'candidate': cand_reg.tolist()},
            'cases': out, 'skip': skip}


# ---------------------------------------------------------------------------------------------------

def models():
    X, y = datasets.load_breast_cancer(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.4, random_state=0, stratify=y)
    sc = StandardScaler().fit(Xtr)
    strong = LogisticRegression(max_iter=2000).fit(sc.transform(Xtr), ytr)
    weak = LogisticRegression(max_iter=2000).fit(sc.transform(Xtr)[:, [0, 1]], ytr)
    p_strong = np.round(strong.predict_proba(sc.transform(Xte))[:, 1], 6)
    p_weak = np.round(weak.predict_proba(sc.transform(Xte)[:, [0, 1]])[:, 1], 6)
    Xd, yd = datasets.load_diabetes(return_X_y=True)
    Xdtr, Xdte, ydtr, ydte = train_test_split(Xd, yd, test_size=0.4, random_state=0)
    full = np.round(LinearRegression().fit(Xdtr, ydtr).predict(Xdte), 4)
    few = np.round(LinearRegression().fit(Xdtr[:, [2, 3]], ydtr).predict(Xdte[:, [2, 3]]), 4)
    return (yte, p_strong, p_weak), (ydte, full, few)


def write(name, payload):
    payload = {'generator': 'scripts/reference/compare_reference.py', 'scipy': scipy.__version__,
               'sklearn': sklearn.__version__, 'numpy': np.__version__, **payload}
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(payload, f, separators=(',', ':'))
        f.write('\n')


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(20261201)
    (yb, p_strong, p_weak), (yd, full, few) = models()
    write('mcnemar.json', mcnemar_cases(rng))
    write('delong.json', {'cases': delong_cases(rng, (None, yb, p_strong, p_weak))})
    diabetes_err = (np.abs(yd - few), np.abs(yd - full))
    write('wilcoxon.json', {'cases': wilcoxon_cases(rng, diabetes_err)})
    breast_pred = (yb, (p_weak >= 0.5).astype(int), (p_strong >= 0.5).astype(int))
    write('paired_bootstrap.json', paired_bootstrap_cases(rng, breast_pred, (yd, few, full)))


if __name__ == '__main__':
    main()
