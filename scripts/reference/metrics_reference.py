#!/usr/bin/python3
"""Reference values for src/core/metrics, computed by scikit-learn 1.2 / numpy (Debian's /usr/bin/python3).

Writes test/fixtures/metrics/*.json:
  classification.json  binary and multiclass cases (random, ties, weights, edge cases, real datasets) with
                       the arrays the tests compute on and sklearn's value of every catalogue metric
  regression.json      regression cases with sklearn's values
  percentile.json      np.percentile / np.median / np.quantile(linspace) / sklearn _weighted_percentile
  slices.json          per-slice sklearn values on the breast-cancer predictions
  bootstrap.json       percentile bootstrap CIs from the same xoshiro128** resamples our code draws
Floats are written with repr (json does), so they round-trip. A metric sklearn refuses is null and its
message goes to `errors`. Run from the repository root:
    /usr/bin/python3 scripts/reference/metrics_reference.py
"""
import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn import datasets
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    cohen_kappa_score,
    confusion_matrix,
    explained_variance_score,
    f1_score,
    log_loss,
    matthews_corrcoef,
    max_error,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    median_absolute_error,
    precision_recall_fscore_support,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
    top_k_accuracy_score,
)
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler, label_binarize
from sklearn.utils.stats import _weighted_percentile

OUT = os.path.join('test', 'fixtures', 'metrics')
AVERAGES = ['macro', 'micro', 'weighted']


def value(fn):
    """sklearn's number, or (None, message) when sklearn raises or returns NaN."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            v = float(fn())
    except Exception as e:  # noqa: BLE001 - any refusal is a null with its reason
        return None, str(e)
    if math.isnan(v):
        return None, 'nan'
    # -0.0 and 0.0 are the same metric value; JSON keeps the sign, the tests compare numbers.
    return (0.0 if v == 0 else v), None


def repeat(arrays, w):
    """Rows repeated by integer weights: what integer sample weights must equal."""
    counts = np.asarray(w).astype(np.int64)
    return [np.repeat(a, counts, axis=0) for a in arrays]


def classification_expected(task, K, yt, yp, P, w, pos):
    labels = list(range(K))
    metrics, errors = {}, {}

    def put(name, fn):
        v, err = value(fn)
        metrics[name] = v
        if err is not None:
            errors[name] = err

    put('accuracy', lambda: accuracy_score(yt, yp, sample_weight=w))
    put('balanced_accuracy', lambda: balanced_accuracy_score(yt, yp, sample_weight=w))
    if task == 'binary':
        put('precision', lambda: precision_score(yt, yp, pos_label=pos, zero_division=0, sample_weight=w))
        put('recall', lambda: recall_score(yt, yp, pos_label=pos, zero_division=0, sample_weight=w))
        put('f1', lambda: f1_score(yt, yp, pos_label=pos, zero_division=0, sample_weight=w))
    for avg in AVERAGES:
        put('precision_' + avg, lambda: precision_score(yt, yp, average=avg, zero_division=0, sample_weight=w))
        put('recall_' + avg, lambda: recall_score(yt, yp, average=avg, zero_division=0, sample_weight=w))
        put('f1_' + avg, lambda: f1_score(yt, yp, average=avg, zero_division=0, sample_weight=w))
    put('matthews_corrcoef', lambda: matthews_corrcoef(yt, yp, sample_weight=w))
    put('cohen_kappa', lambda: cohen_kappa_score(yt, yp, sample_weight=w))
    cm = confusion_matrix(yt, yp, labels=labels, sample_weight=w)
    p, r, f, s = precision_recall_fscore_support(
        yt, yp, labels=labels, average=None, zero_division=0, sample_weight=w
    )
    per_class = [
        {'precision': float(p[k]), 'recall': float(r[k]), 'f1': float(f[k]), 'support': float(s[k])}
        for k in range(K)
    ]
    if P is not None:
        if task == 'binary':
            put('roc_auc', lambda: roc_auc_score((yt == pos).astype(int), P[:, pos], sample_weight=w))
            put('average_precision', lambda: average_precision_score(yt, P[:, pos], pos_label=pos, sample_weight=w))
            put('brier_score', lambda: brier_score_loss(yt, P[:, pos], pos_label=pos, sample_weight=w))
        put('log_loss', lambda: log_loss(yt, P, labels=labels, sample_weight=w))
        if task == 'multiclass':
            for avg in ['macro', 'weighted']:
                put('roc_auc_ovr_' + avg, lambda: roc_auc_score(
                    yt, P, multi_class='ovr', average=avg, labels=labels, sample_weight=w))
                if w is None:
                    put('roc_auc_ovo_' + avg, lambda: roc_auc_score(
                        yt, P, multi_class='ovo', average=avg, labels=labels))
                elif np.all(w == np.round(w)):
                    # sklearn has no sample_weight for ovo: integer weights are checked against repetition.
                    yt_r, P_r = repeat([yt, P], w)
                    put('roc_auc_ovo_' + avg, lambda: roc_auc_score(
                        yt_r, P_r, multi_class='ovo', average=avg, labels=labels))
            Y = label_binarize(yt, classes=labels)
            for avg in AVERAGES:
                put('average_precision_' + avg, lambda: average_precision_score(
                    Y, P, average=avg, sample_weight=w))
            top = {}
            for k in (2, 3, 5):
                if k < K:
                    v, err = value(lambda: top_k_accuracy_score(yt, P, k=k, labels=labels, sample_weight=w))
                    top[str(k)] = v
            metrics['top_k_accuracy'] = top
    return metrics, errors, cm.tolist(), per_class


def clf_case(name, task, K, yt, yp, P=None, w=None, pos=1, note=''):
    yt = np.asarray(yt, dtype=np.int64)
    yp = np.asarray(yp, dtype=np.int64)
    if w is not None:
        w = np.asarray(w, dtype=np.float64)
    if P is not None:
        P = np.asarray(P, dtype=np.float64)
    metrics, errors, cm, per_class = classification_expected(task, K, yt, yp, P, w, pos)
    case = {
        'name': name,
        'note': note,
        'task': task,
        'nClasses': K,
        'positive': pos,
        'yTrue': yt.tolist(),
        'yPred': yp.tolist(),
        'proba': None if P is None else [float(x) for x in P.ravel()],
        'weights': None if w is None else [float(x) for x in w],
        'expected': metrics,
        'errors': errors,
        'confusion_matrix': cm,
        'per_class': per_class,
    }
    return case


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def binary_cases(rng):
    cases = []
    n = 400
    yt = rng.randint(0, 2, n)
    score = 1 / (1 + np.exp(-(1.2 * (yt * 2 - 1) + rng.normal(0, 1.5, n))))
    P = np.stack([1 - score, score], axis=1)
    yp = (score >= 0.5).astype(int)
    cases.append(clf_case('binary_random', 'binary', 2, yt, yp, P))
    cases.append(clf_case('binary_positive_0', 'binary', 2, yt, yp, P, pos=0))
    r = np.round(score, 1)
    Pr = np.stack([1 - r, r], axis=1)
    cases.append(clf_case('binary_rounded_scores', 'binary', 2, yt, (r >= 0.5).astype(int), Pr,
                          note='scores rounded to one decimal: many ties'))
    wi = rng.randint(1, 5, n).astype(float)
    cases.append(clf_case('binary_integer_weights', 'binary', 2, yt, yp, Pr, w=wi))
    wf = rng.uniform(0.1, 3.0, n)
    cases.append(clf_case('binary_fractional_weights', 'binary', 2, yt, yp, Pr, w=wf))
    cases.append(clf_case('binary_all_predicted_negative', 'binary', 2, yt, np.zeros(n, int), P,
                          note='zero_division: no predicted positives'))
    ones = np.zeros(n, int)
    cases.append(clf_case('binary_one_class_in_y_true', 'binary', 2, ones, yp, P,
                          note='ROC AUC undefined'))
    cases.append(clf_case('binary_one_class_everywhere', 'binary', 2, ones, ones, P,
                          note='only class 0 in y_true and y_pred'))
    cases.append(clf_case('binary_perfect', 'binary', 2, yt, yt, np.stack([1 - yt, yt], axis=1).astype(float)))
    cases.append(clf_case('binary_labels_only', 'binary', 2, yt, yp, None, note='no probabilities'))
    # Scores that are not probabilities: AUC/AP fine, brier refused, log_loss clips as sklearn does.
    logits = np.log(score / (1 - score))
    cases.append(clf_case('binary_logit_scores', 'binary', 2, yt, yp, np.stack([-logits, logits], axis=1)))
    return cases


def multiclass_cases(rng):
    cases = []
    n, K = 500, 4
    yt = rng.randint(0, K, n)
    z = rng.normal(0, 1.0, (n, K))
    z[np.arange(n), yt] += 1.3
    P = softmax(z)
    yp = P.argmax(axis=1)
    cases.append(clf_case('multiclass_random', 'multiclass', K, yt, yp, P))
    Pr = np.round(P, 1)
    Pr[:, -1] = 1 - Pr[:, :-1].sum(axis=1)  # still sums to 1 (within allclose), with many ties
    Pr = np.clip(Pr, 0, 1)
    Pr = Pr / Pr.sum(axis=1, keepdims=True)
    Pr = np.round(Pr, 2)
    cases.append(clf_case('multiclass_rounded_scores', 'multiclass', K, yt, yp, Pr))
    wi = rng.randint(1, 4, n).astype(float)
    cases.append(clf_case('multiclass_integer_weights', 'multiclass', K, yt, yp, Pr, w=wi))
    wf = rng.uniform(0.2, 2.0, n)
    cases.append(clf_case('multiclass_fractional_weights', 'multiclass', K, yt, yp, P, w=wf))
    # K=3, class 2 never predicted.
    n3 = 300
    yt3 = rng.randint(0, 3, n3)
    z3 = rng.normal(0, 1.0, (n3, 3))
    z3[np.arange(n3), yt3] += 1.0
    P3 = softmax(z3)
    yp3 = P3[:, :2].argmax(axis=1)
    cases.append(clf_case('multiclass_class_absent_from_y_pred', 'multiclass', 3, yt3, yp3, P3))
    yt3b = np.where(yt3 == 2, 0, yt3)
    cases.append(clf_case('multiclass_class_absent_from_y_true', 'multiclass', 3, yt3b, P3.argmax(axis=1), P3,
                          note='OvR AUC refused; OvO over the pairs present'))
    cases.append(clf_case('multiclass_perfect', 'multiclass', 3, yt3, yt3, np.eye(3)[yt3]))
    cases.append(clf_case('multiclass_all_one_prediction', 'multiclass', 3, yt3, np.ones(n3, int), P3))
    # 12 classes: sums over more than 8 labels take numpy's unrolled path.
    n12, K12 = 600, 12
    yt12 = rng.randint(0, K12, n12)
    z12 = rng.normal(0, 1.0, (n12, K12))
    z12[np.arange(n12), yt12] += 1.5
    P12 = softmax(z12)
    w12 = rng.uniform(0.5, 1.5, n12)
    cases.append(clf_case('multiclass_12_fractional_weights', 'multiclass', K12, yt12, P12.argmax(axis=1), P12,
                          w=w12))
    cases.append(clf_case('multiclass_labels_only', 'multiclass', 3, yt3, yp3, None))
    unnormalised = P3 * 2
    cases.append(clf_case('multiclass_scores_not_summing_to_one', 'multiclass', 3, yt3, yp3, unnormalised))
    return cases


def dataset_cases():
    cases = []
    X, y = datasets.load_breast_cancer(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.5, random_state=0)
    sc = StandardScaler().fit(Xtr)
    m = LogisticRegression(max_iter=5000, C=0.05).fit(sc.transform(Xtr), ytr)
    P = m.predict_proba(sc.transform(Xte))
    cases.append(clf_case('breast_cancer_logreg', 'binary', 2, yte, m.predict(sc.transform(Xte)), P))
    breast = {'X': Xte, 'y': yte, 'P': P, 'pred': m.predict(sc.transform(Xte))}

    X, y = datasets.load_digits(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0)
    sc = StandardScaler().fit(Xtr)
    m = LogisticRegression(max_iter=5000, C=0.01).fit(sc.transform(Xtr), ytr)
    P = m.predict_proba(sc.transform(Xte))
    cases.append(clf_case('digits_logreg', 'multiclass', 10, yte, m.predict(sc.transform(Xte)), P))

    X, y = datasets.load_wine(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.5, random_state=1)
    sc = StandardScaler().fit(Xtr)
    m = LogisticRegression(max_iter=5000, C=0.02).fit(sc.transform(Xtr), ytr)
    P = m.predict_proba(sc.transform(Xte))
    cases.append(clf_case('wine_logreg', 'multiclass', 3, yte, m.predict(sc.transform(Xte)), P))
    return cases, breast


def reg_case(name, yt, yp, w=None, note=''):
    yt = np.asarray(yt, dtype=np.float64)
    yp = np.asarray(yp, dtype=np.float64)
    if w is not None:
        w = np.asarray(w, dtype=np.float64)
    metrics, errors = {}, {}

    def put(key, fn):
        v, err = value(fn)
        metrics[key] = v
        if err is not None:
            errors[key] = err

    put('mae', lambda: mean_absolute_error(yt, yp, sample_weight=w))
    put('mse', lambda: mean_squared_error(yt, yp, sample_weight=w))
    put('rmse', lambda: mean_squared_error(yt, yp, sample_weight=w, squared=False))
    put('r2', lambda: r2_score(yt, yp, sample_weight=w))
    put('mape', lambda: mean_absolute_percentage_error(yt, yp, sample_weight=w))
    put('median_absolute_error', lambda: median_absolute_error(yt, yp, sample_weight=w))
    put('explained_variance', lambda: explained_variance_score(yt, yp, sample_weight=w))
    # sklearn's max_error takes no weights: a row with weight 0 counts as absent.
    keep = np.ones(len(yt), bool) if w is None else w > 0
    put('max_error', lambda: max_error(yt[keep], yp[keep]))
    return {
        'name': name,
        'note': note,
        'yTrue': yt.tolist(),
        'yPred': yp.tolist(),
        'weights': None if w is None else w.tolist(),
        'expected': metrics,
        'errors': errors,
    }


def regression_cases(rng):
    cases = []
    n = 300
    yt = rng.normal(10, 4, n)
    yp = yt + rng.normal(0, 2, n)
    cases.append(reg_case('regression_random', yt, yp))
    cases.append(reg_case('regression_even_rows_median', yt[:200], yp[:200]))
    cases.append(reg_case('regression_integer_weights', yt, yp, w=rng.randint(1, 5, n).astype(float)))
    cases.append(reg_case('regression_fractional_weights', yt, yp, w=rng.uniform(0.1, 2, n)))
    ytz = yt.copy()
    ytz[::7] = 0.0
    cases.append(reg_case('regression_zeros_in_y_true', ytz, yp, note='MAPE divides by float64 eps'))
    c = np.full(50, 3.5)
    cases.append(reg_case('regression_constant_y_true', c, c + rng.normal(0, 1, 50), note='r2 = 0.0'))
    cases.append(reg_case('regression_constant_perfect', c, c.copy(), note='r2 = 1.0'))
    cases.append(reg_case('regression_one_row', [2.0], [2.5], note='r2 not defined below two rows'))
    cases.append(reg_case('regression_rounded_ties', np.round(yt), np.round(yp), w=rng.randint(1, 3, n).astype(float)))
    X, y = datasets.load_diabetes(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.5, random_state=0)
    m = LinearRegression().fit(Xtr, ytr)
    cases.append(reg_case('diabetes_linear', yte, m.predict(Xte)))
    return cases


def percentile_cases(rng):
    qs = [0, 1, 2.5, 5, 10, 25, 33.3, 50, 66.7, 75, 90, 95, 97.5, 99, 100]
    out = []
    for size in [1, 2, 3, 5, 10, 101, 1000]:
        a = rng.normal(0, 1, size) * 10 ** rng.randint(-3, 3)
        if size > 5:
            a[: size // 4] = np.round(a[: size // 4], 1)
        out.append({
            'values': a.tolist(),
            'percentiles': [[q, float(np.percentile(a, q))] for q in qs],
            'median': float(np.median(a)),
        })
    quantile_edges = []
    for size in [7, 100, 569]:
        a = np.round(rng.gamma(2.0, 3.0, size), 2)
        for K in [2, 3, 4, 5, 10]:
            q = np.linspace(0, 1, K + 1)
            quantile_edges.append({'values': a.tolist(), 'K': K, 'q': q.tolist(),
                                   'edges': np.quantile(a, q).tolist()})
    weighted = []
    for size in [1, 4, 9, 50]:
        a = np.round(rng.normal(0, 1, size), 1)
        w = rng.randint(0, 4, size).astype(float)
        w[0] = max(w[0], 1.0)
        weighted.append({'values': a.tolist(), 'weights': w.tolist(), 'median': float(_weighted_percentile(a, w))})
    # np.sum adds pairwise (8 partial sums, halves above 128): order-sensitive values pin that order.
    sums = []
    for size in [3, 8, 9, 17, 100, 128, 129, 300, 1000, 4099]:
        a = rng.normal(0, 1, size) * 10.0 ** rng.randint(-8, 8, size)
        sums.append({'values': a.tolist(), 'sum': float(np.sum(a))})
    return {'percentile': out, 'quantile_edges': quantile_edges, 'weighted_median': weighted, 'sums': sums}


def slice_cases(breast, rng):
    X, y, P, pred = breast['X'], breast['y'], breast['P'], breast['pred']
    radius = X[:, 0]
    cat = np.array(['a', 'b', 'c', 'd'])[rng.randint(0, 4, len(y))].astype(object)
    cat[rng.rand(len(y)) < 0.08] = None

    def metrics_of(mask):
        yt, yp, Pm = y[mask], pred[mask], P[mask]
        m = {}
        for key, fn in [
            ('accuracy', lambda: accuracy_score(yt, yp)),
            ('f1', lambda: f1_score(yt, yp, zero_division=0)),
            ('recall', lambda: recall_score(yt, yp, zero_division=0)),
            ('roc_auc', lambda: roc_auc_score(yt, Pm[:, 1])),
        ]:
            m[key] = value(fn)[0]
        return m

    K = 4
    edges = np.unique(np.quantile(radius, np.linspace(0, 1, K + 1)))
    quantile_slices = []
    for i in range(len(edges) - 1):
        lo, hi = edges[i], edges[i + 1]
        mask = (radius >= lo) & ((radius < hi) if i < len(edges) - 2 else (radius <= hi))
        quantile_slices.append({'lo': float(lo), 'hi': float(hi), 'rows': int(mask.sum()), 'metrics': metrics_of(mask)})
    explicit = [0.0, 12.0, 15.0, 40.0]
    explicit_slices = []
    for i in range(len(explicit) - 1):
        lo, hi = explicit[i], explicit[i + 1]
        mask = (radius >= lo) & ((radius < hi) if i < len(explicit) - 2 else (radius <= hi))
        explicit_slices.append({'lo': lo, 'hi': hi, 'rows': int(mask.sum()), 'metrics': metrics_of(mask)})
    cat_slices = []
    for v in ['a', 'b', 'c', 'd', None]:
        mask = np.array([c == v for c in cat])
        cat_slices.append({'value': '(missing)' if v is None else v, 'rows': int(mask.sum()),
                           'metrics': metrics_of(mask)})
    return {
        'yTrue': y.tolist(), 'yPred': pred.tolist(), 'proba': [float(x) for x in P.ravel()],
        'radius': radius.tolist(), 'category': [None if c is None else str(c) for c in cat],
        'quantile': {'K': K, 'edges': edges.tolist(), 'slices': quantile_slices},
        'explicit': {'edges': explicit, 'slices': explicit_slices},
        'categorical': cat_slices,
    }


# xoshiro128** seeded by splitmix32, exactly as src/core/metrics/prng.ts draws resamples.
M32 = 0xFFFFFFFF


def splitmix32(state):
    state = (state + 0x9E3779B9) & M32
    z = state
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
    return state, (z ^ (z >> 16)) & M32


class Xoshiro128:
    def __init__(self, seed):
        st = seed & M32
        self.s = []
        for _ in range(4):
            st, z = splitmix32(st)
            self.s.append(z)
        if not any(self.s):
            self.s[0] = 1

    def next(self):
        s = self.s
        x = (s[1] * 5) & M32
        result = (((x << 7) | (x >> 25)) & M32) * 9 & M32
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = ((s[3] << 11) | (s[3] >> 21)) & M32
        return result


def resample_counts(rng, n):
    counts = np.zeros(n)
    for _ in range(n):
        counts[(rng.next() * n) >> 32] += 1
    return counts


def bootstrap_cases(rng_np):
    first = [Xoshiro128(s).next() for s in (0, 1, 42)]
    n = 150
    yt = rng_np.randint(0, 2, n)
    score = np.round(1 / (1 + np.exp(-(1.0 * (yt * 2 - 1) + rng_np.normal(0, 1.5, n)))), 2)
    yp = (score >= 0.5).astype(int)
    ytr = rng_np.normal(0, 1, n)
    ypr = ytr + rng_np.normal(0, 0.5, n)
    cases = []
    for seed, resamples in [(0, 200), (7, 150)]:
        gen = Xoshiro128(seed)
        stats = {'roc_auc': [], 'accuracy': [], 'f1': [], 'mae': [], 'r2': []}
        first_counts = None
        for b in range(resamples):
            c = resample_counts(gen, n)
            if b == 0:
                first_counts = c.tolist()
            # Repetition and sample_weight agree for these metrics; repetition is what a bootstrap means.
            idx = np.repeat(np.arange(n), c.astype(np.int64))
            stats['roc_auc'].append(value(lambda: roc_auc_score(yt[idx], score[idx]))[0])
            stats['accuracy'].append(accuracy_score(yt[idx], yp[idx]))
            stats['f1'].append(f1_score(yt[idx], yp[idx], zero_division=0))
            stats['mae'].append(mean_absolute_error(ytr[idx], ypr[idx]))
            stats['r2'].append(r2_score(ytr[idx], ypr[idx]))
        cis = {}
        for key, vals in stats.items():
            kept = np.array([v for v in vals if v is not None])
            lo, hi = np.percentile(kept, [2.5, 97.5])
            cis[key] = {'lo': float(lo), 'hi': float(hi), 'skipped': len(vals) - len(kept)}
        cases.append({'seed': seed, 'resamples': resamples, 'first_counts': first_counts, 'ci': cis})
    return {
        'first_draws': {'0': first[0], '1': first[1], '42': first[2]},
        'n': n, 'yTrue': yt.tolist(), 'score': score.tolist(), 'yPred': yp.tolist(),
        'regTrue': ytr.tolist(), 'regPred': ypr.tolist(), 'cases': cases,
    }


def write(name, payload):
    payload = {'generator': 'scripts/reference/metrics_reference.py', 'sklearn': sklearn.__version__,
               'numpy': np.__version__, **payload}
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(payload, f, separators=(',', ':'))
        f.write('\n')


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(20240611)
    cases = binary_cases(rng) + multiclass_cases(rng)
    real, breast = dataset_cases()
    write('classification.json', {'cases': cases + real})
    write('regression.json', {'cases': regression_cases(rng)})
    write('percentile.json', percentile_cases(rng))
    write('slices.json', slice_cases(breast, rng))
    write('bootstrap.json', bootstrap_cases(rng))


if __name__ == '__main__':
    main()
