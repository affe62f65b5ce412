#!/usr/bin/python3
"""Reference values for the acceptance cases of `mlgate compare` (issue 4, "Acceptance on real data"),
computed by scipy 1.10.1 / scikit-learn 1.2.1 / numpy (Debian's /usr/bin/python3) from the fixture
models' own predictions in test/fixtures/eval/<model>.reference.json (made by make_eval_fixtures.py:
each holds the model's predictions on its dataset's test rows, and sklearn's metrics on them).

Pairs, candidate vs baseline on the same rows (both reference files name the same data file and hold the
same y_true):
  penguins-small-vs-demo     penguins-demo-small vs penguins-demo (multiclass, penguins-test.csv)
  penguins-demo-vs-itself    penguins-demo vs penguins-demo
  breast-mlp-vs-logreg       binary-mlp-logit vs binary-logreg (binary, breast-cancer.csv)
  diabetes-trees-vs-ridge    tree-ensemble-regressor vs regression-linear (regression, diabetes.csv)
  wine-trees-vs-logits       tree-ensemble-classifier vs multiclass-logits (multiclass, wine.csv)

For each pair, test/fixtures/compare/models-reference.json holds:
  metrics     both models' metrics, sklearn on the predictions (checked against the eval fixture's own)
  mcnemar     classification: b = baseline right and candidate wrong, c = the reverse, the 1-based data
              rows of each, the exact p of scipy.stats.binomtest(min(b, c), b + c, 0.5) and the
              continuity-corrected (|b - c| - 1)^2 / (b + c) with scipy.stats.chi2.sf(stat, 1)
              (b + c = 0: p 1, statistic null, as src/core/compare/mcnemar.ts); null for regression
  delong      binary: DeLong's test of AUC(candidate) - AUC(baseline) on P(class 1), compare_reference.py's
              numpy port of Sun & Xu (2014), AUCs checked against sklearn.metrics.roc_auc_score
  wilcoxon    regression: scipy.stats.wilcoxon(|e_candidate|, |e_baseline|), e = y_true - y_pred
  bootstrap   paired percentile bootstrap of candidate - baseline, seed 0, 1000 resamples, level 0.95
              (src/core/metrics/bootstrap.ts' defaults) over the metrics' xoshiro128** resamples
              (metrics_reference.py's Python port): each resample's rows repeated by their counts, the
              sklearn metric on both models, np.percentile(deltas, [2.5, 97.5]); resamples where sklearn
              has no value (one class only for roc_auc) are skipped and counted. The task's primary metric
              (binary roc_auc, multiclass accuracy, regression rmse) and a second (accuracy or mae)
  verdict     under the default policy: no regression of the primary metric with margin 0, judged on its
              CI: fail when the CI is wholly on the bad side of 0 (below for roc_auc/accuracy, above for
              rmse), pass when wholly on the good side or at 0, inconclusive when it straddles 0
Floats are written with repr (json does), so they round-trip. Run from the repository root:
    /usr/bin/python3 scripts/reference/compare_models_reference.py
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn.metrics import accuracy_score, log_loss, mean_absolute_error, mean_squared_error, r2_score, roc_auc_score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_reference import delong_ref, mcnemar_ref  # noqa: E402  (the ports the unit fixtures pin)
from metrics_reference import Xoshiro128, resample_counts  # noqa: E402  (the metrics' PRNG stream)

EVAL = os.path.join('test', 'fixtures', 'eval')
OUT = os.path.join('test', 'fixtures', 'compare', 'models-reference.json')
SEED = 0
RESAMPLES = 1000
LEVEL = 0.95
PRIMARY = {'binary': 'roc_auc', 'multiclass': 'accuracy', 'regression': 'rmse'}
SECONDARY = {'binary': 'accuracy', 'multiclass': None, 'regression': 'mae'}
LOWER_IS_BETTER = {'rmse', 'mae', 'log_loss'}

# (id, candidate, baseline, what the acceptance expects of it; None: whatever the numbers say)
PAIRS = [
    ('penguins-small-vs-demo', 'penguins-demo-small', 'penguins-demo', 'fail'),
    ('penguins-demo-vs-itself', 'penguins-demo', 'penguins-demo', 'pass'),
    ('breast-mlp-vs-logreg', 'binary-mlp-logit', 'binary-logreg', 'inconclusive'),
    ('diabetes-trees-vs-ridge', 'tree-ensemble-regressor', 'regression-linear', None),
    ('wine-trees-vs-logits', 'tree-ensemble-classifier', 'multiclass-logits', None),
]


def load(name):
    rel = os.path.join(EVAL, f'{name}.reference.json')
    with open(rel) as f:
        ref = json.load(f)
    ref['_path'] = rel.replace(os.sep, '/')
    return ref


class Model:
    """One model's predictions from its eval fixture, as the metric functions want them."""

    def __init__(self, ref):
        self.ref = ref
        p = ref['predictions']
        self.task = ref['task']
        self.y = np.asarray(p['y_true'], dtype=np.float64 if self.task == 'regression' else np.int64)
        self.pred = np.asarray(p['y_pred'], dtype=np.float64 if self.task == 'regression' else np.int64)
        self.n = len(self.y)
        if self.task != 'regression':
            self.k = len(ref['classes'])
            self.proba = np.asarray(p['proba'], dtype=np.float64).reshape(self.n, self.k)

    def metric(self, name, idx=None):
        """sklearn's value on the rows idx (repeated rows = a bootstrap resample), or None when it has none."""
        idx = np.arange(self.n) if idx is None else idx
        y, pred = self.y[idx], self.pred[idx]
        if name == 'accuracy':
            return float(accuracy_score(y, pred))
        if name == 'roc_auc':
            if len(np.unique(y)) < 2:
                return None
            return float(roc_auc_score(y, self.proba[idx, 1]))
        if name == 'log_loss':
            return float(log_loss(y, self.proba[idx], labels=list(range(self.k))))
        if name == 'rmse':
            return float(np.sqrt(mean_squared_error(y, pred)))
        if name == 'mae':
            return float(mean_absolute_error(y, pred))
        if name == 'r2':
            return float(r2_score(y, pred))
        raise ValueError(name)


def metrics_of(model):
    names = {'binary': ['accuracy', 'roc_auc', 'log_loss'], 'multiclass': ['accuracy', 'log_loss'],
             'regression': ['rmse', 'mae', 'r2']}[model.task]
    out = {}
    for name in names:
        v = model.metric(name)
        fixture = model.ref['metrics'][name]
        # The eval fixture's metrics are sklearn on the same predictions: only summation order may differ.
        assert abs(v - fixture) <= 1e-13 * max(1.0, abs(fixture)), (model.ref['_path'], name, v, fixture)
        out[name] = v
    return out


def paired_bootstrap(cand, base, name):
    gen = Xoshiro128(SEED)
    n = cand.n
    deltas = []
    skipped = 0
    for _ in range(RESAMPLES):
        idx = np.repeat(np.arange(n), resample_counts(gen, n).astype(np.int64))
        c, b = cand.metric(name, idx), base.metric(name, idx)
        if c is None or b is None:
            skipped += 1
            continue
        deltas.append(c - b)
    assert skipped * 2 <= RESAMPLES
    lo, hi = np.percentile(deltas, [50 * (1 - LEVEL), 50 * (1 + LEVEL)])
    c, b = cand.metric(name), base.metric(name)
    return {'candidate': c, 'baseline': b, 'delta': c - b, 'ci95': [float(lo), float(hi)],
            'used': len(deltas), 'skipped': skipped, 'higher_is_better': name not in LOWER_IS_BETTER}


def verdict(metric, ci):
    """The default policy: no regression of the primary metric, margin 0, judged on the paired CI."""
    lo, hi = ci
    if metric in LOWER_IS_BETTER:
        if lo > 0:
            return 'fail', f'{metric}: the CI of the change [{lo:.6g}, {hi:.6g}] is wholly above 0 (worse)'
        if hi <= 0:
            return 'pass', f'{metric}: the CI of the change [{lo:.6g}, {hi:.6g}] is wholly at or below 0'
    else:
        if hi < 0:
            return 'fail', f'{metric}: the CI of the change [{lo:.6g}, {hi:.6g}] is wholly below 0 (worse)'
        if lo >= 0:
            return 'pass', f'{metric}: the CI of the change [{lo:.6g}, {hi:.6g}] is wholly at or above 0'
    return 'inconclusive', f'{metric}: the CI of the change [{lo:.6g}, {hi:.6g}] straddles 0'


def mcnemar_of(cand, base):
    base_right = base.pred == base.y
    cand_right = cand.pred == cand.y
    b_rows = np.flatnonzero(base_right & ~cand_right) + 1
    c_rows = np.flatnonzero(~base_right & cand_right) + 1
    ref = mcnemar_ref(len(b_rows), len(c_rows))
    return {'b': ref['b'], 'c': ref['c'], 'exact_p_value': ref['exact_p'], 'statistic': ref['chi2_statistic'],
            'p_value': ref['chi2_p'], 'b_rows': b_rows.tolist(), 'c_rows': c_rows.tolist()}


def delong_of(cand, base):
    case = delong_ref('', cand.y, base.proba[:, 1], cand.proba[:, 1])
    keys = ['auc_baseline', 'auc_candidate', 'difference', 'variance', 'z', 'p_value', 'ci95']
    return {k: case[k] for k in keys}


def wilcoxon_of(cand, base):
    x = np.abs(cand.y - cand.pred)
    y = np.abs(base.y - base.pred)
    zeros = int(np.sum(x == y))
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        res = stats.wilcoxon(x, y)
    # scipy 1.10.1 is exact up to 50 pairs without zero differences, else the normal approximation.
    method = 'exact' if len(x) <= 50 and zeros == 0 else 'approx'
    return {'statistic': float(res.statistic), 'p_value': float(res.pvalue), 'method': method,
            'n': len(x) - zeros if method == 'approx' else len(x), 'zeros': zeros,
            'median_abs_error_candidate': float(np.median(x)), 'median_abs_error_baseline': float(np.median(y))}


def pair_case(pair_id, cand_name, base_name, expected):
    cref, bref = load(cand_name), load(base_name)
    assert cref['data'] == bref['data'] and cref['task'] == bref['task'], (cand_name, base_name)
    assert cref['predictions']['y_true'] == bref['predictions']['y_true'], (cand_name, base_name)
    cand, base = Model(cref), Model(bref)
    task = cand.task
    primary = PRIMARY[task]
    boot = {primary: paired_bootstrap(cand, base, primary)}
    if SECONDARY[task] is not None:
        boot[SECONDARY[task]] = paired_bootstrap(cand, base, SECONDARY[task])
    status, reason = verdict(primary, boot[primary]['ci95'])
    if expected is not None:
        assert status == expected, (pair_id, status, reason)
    print(f'{pair_id:26} {task:10} n={cand.n:<4} {primary} {boot[primary]["baseline"]:.4f} -> '
          f'{boot[primary]["candidate"]:.4f}, CI {boot[primary]["ci95"]}: {status}')
    return {
        'id': pair_id,
        'candidate': {'name': cand_name, 'reference': cref['_path'], 'model': cref['model'],
                      'model_sha256': cref['model_sha256']},
        'baseline': {'name': base_name, 'reference': bref['_path'], 'model': bref['model'],
                     'model_sha256': bref['model_sha256']},
        'data': cref['data'],
        'label_column': cref['label_column'],
        'task': task,
        'classes': cref['classes'],
        'rows': cand.n,
        'metrics': {'candidate': metrics_of(cand), 'baseline': metrics_of(base)},
        'mcnemar': mcnemar_of(cand, base) if task != 'regression' else None,
        'delong': delong_of(cand, base) if task == 'binary' else None,
        'wilcoxon': wilcoxon_of(cand, base) if task == 'regression' else None,
        'bootstrap': {'seed': SEED, 'resamples': RESAMPLES, 'level': LEVEL, 'method': 'percentile',
                      'metrics': boot},
        'policy': {'metric': primary, 'margin': 0, 'higher_is_better': primary not in LOWER_IS_BETTER,
                   'source': 'default'},
        'expected_verdict': status,
        'reason': reason,
        'acceptance': expected,
    }


def main():
    cases = [pair_case(*p) for p in PAIRS]
    payload = {'generator': 'scripts/reference/compare_models_reference.py', 'scipy': scipy.__version__,
               'sklearn': sklearn.__version__, 'numpy': np.__version__,
               'notes': [
                   'Predictions are the eval fixtures\' (numpy float32 path of each graph, as float64); '
                   'onnxruntime agrees to a few float32 ulps, so values computed from its outputs may differ '
                   'in the last digits, and a bootstrap CI bound slightly more where scores reorder.',
                   'mcnemar rows are 1-based data rows of the data file (header excluded).',
                   'bootstrap: seed 0, 1000 resamples, level 0.95, percentile (src/core/metrics/bootstrap.ts '
                   'defaults); resample b draws row floor(r * n / 2^32) n times, r from xoshiro128** seeded '
                   'through splitmix32.'],
               'pairs': cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write('\n')


if __name__ == '__main__':
    main()
