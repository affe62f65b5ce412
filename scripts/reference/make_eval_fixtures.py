#!/usr/bin/python3
"""Fixture ONNX models, evaluation datasets and scikit-learn reference values for `mlgate evaluate`.

Run from anywhere (paths are relative to the repository root), with Debian's Python, which has
scikit-learn 1.2.1, numpy and onnx 1.12 (there is no skl2onnx or onnxruntime, so every graph is built
by hand with onnx.helper from the fitted parameters):

    /usr/bin/python3 scripts/reference/make_eval_fixtures.py

Writes
  test/fixtures/models/<name>.onnx            the models (and three bad files)
  test/fixtures/eval/<dataset>.csv            labelled data, header row, floats written with repr()
  test/fixtures/eval/<name>.reference.json    expected outputs, predictions and sklearn metrics
  examples/penguins/model.onnx, classes.txt   the demo model (inputs named after penguins.csv columns)
  examples/penguins/model-small.onnx          the demo's weaker candidate (no Beak Length (mm) input)
  examples/penguins/penguins-test.csv         the demo models' held-out rows, copied verbatim
  bench/models/mlp-30-64-64-2.onnx            the benchmark MLP (bench/models/README.md)

Splits: every sklearn dataset is split once (stratified for classes, test_size 0.3, random_state 0) and
its CSV holds the test part in the original row order; models on the same dataset share that CSV, so
they can also be compared with each other. The penguins CSV is every complete row (see penguins()).
The demo models are fit on 60% of penguins.csv's complete rows (stratified by Species, random_state 0)
and referenced on the other 40%, penguins-test.csv (see penguins_demo_split()).
Everything is seeded and the models are serialised deterministically: a rerun gives identical bytes.
"""
import os

# One BLAS thread: reproducible sums, and the machine is shared.
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
os.environ.setdefault('OMP_NUM_THREADS', '1')

import csv  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from onnx import TensorProto, helper  # noqa: E402
from sklearn import datasets  # noqa: E402
from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression, Ridge  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval_float32 as R  # noqa: E402
import eval_metrics  # noqa: E402
from eval_onnx import (  # noqa: E402
    BATCH,
    ML_DOMAIN,
    build_model,
    const,
    float_input,
    model_bytes,
    signature,
    tensor,
    write_model,
    zipmap_output,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODELS = 'test/fixtures/models'
EVAL = 'test/fixtures/eval'
FRAMEWORK = f'scikit-learn {sklearn.__version__}'
NEAR_TIE = 1e-6
SUMMARY = []


def path(rel):
    return os.path.join(ROOT, rel)


def metadata(dataset, **extra):
    return {'framework': FRAMEWORK, 'dataset': dataset, **extra}


# ---------------------------------------------------------------- data


def split_indices(n, y=None, stratify=True):
    idx = np.arange(n)
    train, test = train_test_split(idx, test_size=0.3, random_state=0, stratify=y if stratify else None)
    return np.sort(train), np.sort(test)


def write_csv(rel, header, rows):
    with open(path(rel), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)


def write_numeric_csv(rel, feature_names, x, label_name, y, label_format):
    rows = [[repr(float(v)) for v in xr] + [label_format(t)] for xr, t in zip(x, y)]
    write_csv(rel, list(feature_names) + [label_name], rows)


def load_split(loader, csv_name, label_name, feature_names=None, classification=True):
    ds = loader()
    x, y = ds.data.astype(np.float64), ds.target
    names = feature_names or list(ds.feature_names)
    train, test = split_indices(len(y), y, stratify=classification)
    rel = f'{EVAL}/{csv_name}.csv'
    fmt = (lambda t: str(int(t))) if classification else (lambda t: repr(float(t)))
    write_numeric_csv(rel, names, x[test], label_name, y[test], fmt)
    return {
        'x_train': x[train],
        'y_train': y[train],
        # What the evaluator sees: the CSV's decimal text parsed, then cast to the model's float32.
        'x_test32': x[test].astype(np.float32),
        'y_test': y[test],
        'csv': rel,
        'label': label_name,
        'names': names,
    }


# ---------------------------------------------------------------- reference JSON


def flat(a):
    a = np.asarray(a)
    if a.dtype.kind in 'US' or a.dtype == object:
        return [str(v) for v in a.reshape(-1)]
    if a.dtype.kind in 'iu':
        return [int(v) for v in a.reshape(-1)]
    return [float(v) for v in a.reshape(-1)]


def near_tie_rows(scores):
    return [int(i) for i in np.nonzero(R.top2_gap(scores) < NEAR_TIE)[0]]


def dumps(obj, indent=0):
    """Readable JSON whose long arrays stay on one line."""
    pad = '  '
    if isinstance(obj, dict) and obj:
        items = [f'{pad * (indent + 1)}{json.dumps(k)}: {dumps(v, indent + 1)}' for k, v in obj.items()]
        return '{\n' + ',\n'.join(items) + '\n' + pad * indent + '}'
    if isinstance(obj, list) and obj and all(isinstance(v, dict) for v in obj):
        items = [pad * (indent + 1) + json.dumps(v, allow_nan=False) for v in obj]
        return '[\n' + ',\n'.join(items) + '\n' + pad * indent + ']'
    return json.dumps(obj, separators=(',', ':'), allow_nan=False)


def write_reference(name, model, model_rel, data_rel, task, label_column, classes, outputs, predictions,
                    metrics, notes, extra=None):
    data = model_bytes(model)
    ref = {
        'model': model_rel,
        'model_sha256': hashlib.sha256(data).hexdigest(),
        'data': data_rel,
        'task': task,
        'label_column': label_column,
        'classes': classes,
        'n_rows': len(predictions['y_true']),
        'signature': signature(model),
        # What onnxruntime 1.30 (CPU) was measured to stay within against `outputs`, with margin.
        'tolerance': {'abs': 1e-6, 'rel': 1e-6},
    }
    ref.update(extra or {})
    ref['notes'] = notes
    ref['outputs'] = outputs
    ref['predictions'] = predictions
    ref['metrics'] = metrics
    rel = f'{EVAL}/{name}.reference.json'
    with open(path(rel), 'w') as f:
        f.write(dumps(ref) + '\n')
    SUMMARY.append((name, ref['n_rows'], task, metrics, ref.get('near_ties')))
    return ref


def classification_reference(name, model, model_rel, ds, classes, outputs, proba, y_pred, notes,
                             tie_scores=None, extra=None, label_column=None, data_rel=None, logits=None):
    """proba: float32 (or float64 from float32 logits) [N, K]; y_pred: class indices."""
    y = np.asarray(ds['y_test'] if isinstance(ds, dict) else ds)
    k = len(classes)
    proba64 = np.asarray(proba, dtype=np.float64)
    if k == 2:
        metrics = eval_metrics.binary_metrics(y, y_pred, proba64)
    else:
        metrics = eval_metrics.multiclass_metrics(y, y_pred, proba64, k)
    ties = near_tie_rows(proba if tie_scores is None else tie_scores)
    more = {
        'near_ties': len(ties),
        'near_tie_rows': ties,
        'per_class': eval_metrics.per_class(y, y_pred, k),
    }
    more.update(extra or {})
    predictions = {'y_true': flat(y), 'y_pred': flat(y_pred), 'proba': flat(proba64)}
    if logits is not None:
        predictions['logits'] = flat(logits)
    return write_reference(
        name, model, model_rel, data_rel or ds['csv'], 'binary' if k == 2 else 'multiclass',
        label_column or ds['label'], classes, outputs, predictions, metrics, notes, more,
    )


COMMON_NOTES = [
    'outputs: numpy float32, operator by operator as in the graph; onnxruntime agrees to a few float32 ulps '
    '(|diff| <= tolerance.abs + tolerance.rel * |value|), not bit for bit.',
    'predictions.proba is the float64 of those float32 values, row-major N*K; metrics are scikit-learn '
    f'{sklearn.__version__} on exactly these predictions.',
    f'near_ties counts rows whose two largest scores differ by less than {NEAR_TIE}: only there may '
    'onnxruntime\'s argmax differ from y_pred.',
]


def sanity(label, ours, sklearns):
    diff = float(np.max(np.abs(np.asarray(ours, dtype=np.float64) - np.asarray(sklearns, dtype=np.float64))))
    print(f'  {label}: max |float32 graph - sklearn float64| = {diff:.3g}')
    return diff


# ---------------------------------------------------------------- models


def binary_logreg(bc):
    name = 'binary-logreg'
    scaler = StandardScaler().fit(bc['x_train'])
    clf = LogisticRegression(max_iter=5000).fit(scaler.transform(bc['x_train']), bc['y_train'])
    mean, scale = R.f32(scaler.mean_), R.f32(scaler.scale_)
    w, b = R.f32(clf.coef_.T), R.f32(clf.intercept_)
    nodes = [
        helper.make_node('Sub', ['input', 'mean'], ['centred']),
        helper.make_node('Div', ['centred', 'scale'], ['scaled']),
        helper.make_node('Gemm', ['scaled', 'coef', 'intercept'], ['logit']),
        helper.make_node('Sigmoid', ['logit'], ['p1']),
        helper.make_node('Sub', ['one', 'p1'], ['p0']),
        helper.make_node('Concat', ['p0', 'p1'], ['probabilities'], axis=1),
        helper.make_node('ArgMax', ['probabilities'], ['label'], axis=1, keepdims=0),
    ]
    model = build_model(
        name, nodes, [float_input('input', 30)],
        [tensor('label', TensorProto.INT64, [BATCH]), tensor('probabilities', TensorProto.FLOAT, [BATCH, 2])],
        [const('mean', mean), const('scale', scale), const('coef', w), const('intercept', b),
         const('one', R.f32([1.0]))],
        'StandardScaler + LogisticRegression (C=1) on load_breast_cancer, folded into one graph: '
        'Sub, Div, Gemm, Sigmoid, probabilities [1-p, p], ArgMax label.',
        metadata('breast_cancer', task='binary', positive_class='1'),
    )
    rel = f'{MODELS}/{name}.onnx'
    write_model(model, path(rel))
    x = bc['x_test32']
    p1 = R.sigmoid(R.gemm(R.standardise(x, mean, scale), w, b))
    proba = np.concatenate([(R.F32(1) - p1).astype(R.F32), p1], axis=1)
    label = np.argmax(proba, axis=1).astype(np.int64)
    sanity(name, proba, clf.predict_proba(scaler.transform(bc['x_test32'].astype(np.float64))))
    classification_reference(
        name, model, rel, bc, [0, 1], {'label': flat(label), 'probabilities': flat(proba)}, proba, label,
        COMMON_NOTES + ['y_pred = argmax(probabilities) = the label output; positive class 1 (benign).'],
    )
    return model


def multiclass_mlp(dg):
    name = 'multiclass-mlp'
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(32,), max_iter=300, random_state=0)
        clf.fit(dg['x_train'] / 16.0, dg['y_train'])
    w1, b1 = R.f32(clf.coefs_[0]), R.f32(clf.intercepts_[0])
    w2, b2 = R.f32(clf.coefs_[1]), R.f32(clf.intercepts_[1])
    nodes = [
        helper.make_node('Mul', ['input', 'inv16'], ['x01']),
        helper.make_node('Gemm', ['x01', 'w1', 'b1'], ['h1_pre']),
        helper.make_node('Relu', ['h1_pre'], ['h1']),
        helper.make_node('Gemm', ['h1', 'w2', 'b2'], ['logits']),
        helper.make_node('Softmax', ['logits'], ['probabilities'], axis=1),
    ]
    model = build_model(
        name, nodes, [float_input('input', 64)], [tensor('probabilities', TensorProto.FLOAT, [BATCH, 10])],
        [const('inv16', R.f32([0.0625])), const('w1', w1), const('b1', b1), const('w2', w2), const('b2', b2)],
        'MLPClassifier 64-32-10 (ReLU, softmax) on load_digits; pixels scaled by 1/16 in the graph.',
        metadata('digits', task='multiclass'),
    )
    rel = f'{MODELS}/{name}.onnx'
    write_model(model, path(rel))
    x = (dg['x_test32'] * R.F32(0.0625)).astype(R.F32)
    proba = R.softmax(R.gemm(R.relu(R.gemm(x, w1, b1)), w2, b2))
    y_pred = np.argmax(proba, axis=1)
    sanity(name, proba, clf.predict_proba(dg['x_test32'].astype(np.float64) / 16.0))
    classification_reference(
        name, model, rel, dg, list(range(10)), {'probabilities': flat(proba)}, proba, y_pred,
        COMMON_NOTES + ['y_pred = argmax(probabilities); classes are the digits 0-9.'],
    )
    return model


def regression_linear(db):
    name = 'regression-linear'
    reg = Ridge(alpha=0.1).fit(db['x_train'], db['y_train'])
    w, b = R.f32(reg.coef_.reshape(-1, 1)), R.f32([reg.intercept_])
    nodes = [helper.make_node('Gemm', ['input', 'coef', 'intercept'], ['variable'])]
    model = build_model(
        name, nodes, [float_input('input', 10)], [tensor('variable', TensorProto.FLOAT, [BATCH, 1])],
        [const('coef', w), const('intercept', b)],
        'Ridge (alpha=0.1) on load_diabetes (features as sklearn ships them, already scaled).',
        metadata('diabetes', task='regression'),
    )
    rel = f'{MODELS}/{name}.onnx'
    write_model(model, path(rel))
    value = R.gemm(db['x_test32'], w, b)
    sanity(name, value[:, 0], reg.predict(db['x_test32'].astype(np.float64)))
    return regression_reference(name, model, rel, db, {'variable': flat(value)}, value[:, 0])


def regression_reference(name, model, rel, db, outputs, value, notes=()):
    y = np.asarray(db['y_test'], dtype=np.float64)
    y_hat = np.asarray(value, dtype=np.float64)
    return write_reference(
        name, model, rel, db['csv'], 'regression', db['label'], None, outputs,
        {'y_true': flat(y), 'y_pred': flat(y_hat)},
        eval_metrics.regression_metrics(y, y_hat),
        [COMMON_NOTES[0],
         'predictions.y_pred is the float64 of the float32 output; metrics are scikit-learn on them '
         '(mape is a fraction, rmse = sqrt(mse)).', *notes],
    )


def binary_mlp_logit(bc):
    name = 'binary-mlp-logit'
    scaler = StandardScaler().fit(bc['x_train'])
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(16,), max_iter=500, random_state=0)
        clf.fit(scaler.transform(bc['x_train']), bc['y_train'])
    mean, scale = R.f32(scaler.mean_), R.f32(scaler.scale_)
    w1, b1 = R.f32(clf.coefs_[0]), R.f32(clf.intercepts_[0])
    w2, b2 = R.f32(clf.coefs_[1]), R.f32(clf.intercepts_[1])
    nodes = [
        helper.make_node('Sub', ['input', 'mean'], ['centred']),
        helper.make_node('Div', ['centred', 'scale'], ['scaled']),
        helper.make_node('Gemm', ['scaled', 'w1', 'b1'], ['h1_pre']),
        helper.make_node('Relu', ['h1_pre'], ['h1']),
        helper.make_node('Gemm', ['h1', 'w2', 'b2'], ['logit']),
    ]
    model = build_model(
        name, nodes, [float_input('input', 30)], [tensor('logit', TensorProto.FLOAT, [BATCH, 1])],
        [const('mean', mean), const('scale', scale), const('w1', w1), const('b1', b1), const('w2', w2),
         const('b2', b2)],
        'StandardScaler + MLPClassifier 30-16-1 (ReLU) on load_breast_cancer; the graph stops at the raw '
        'logit of class 1 (no sigmoid), for "sigmoid on request".',
        metadata('breast_cancer', task='binary', output='logit'),
    )
    rel = f'{MODELS}/{name}.onnx'
    write_model(model, path(rel))
    logit = R.gemm(R.relu(R.gemm(R.standardise(bc['x_test32'], mean, scale), w1, b1)), w2, b2)
    z = logit[:, 0].astype(np.float64)
    p1 = 1.0 / (1.0 + np.exp(-z))
    proba = np.stack([1.0 - p1, p1], axis=1)
    y_pred = (z > 0).astype(np.int64)
    sanity(name, proba, clf.predict_proba(scaler.transform(bc['x_test32'].astype(np.float64))))
    classification_reference(
        name, model, rel, bc, [0, 1], {'logit': flat(logit)}, proba, y_pred,
        COMMON_NOTES + [
            'predictions.proba = [1 - p, p] with p = 1 / (1 + exp(-logit)) computed in float64 from the float32 '
            'logit (sigmoid on request); predictions.logits is that raw logit. y_pred = 1 iff logit > 0.',
        ],
        extra={'output_transform': 'sigmoid'}, logits=logit,
    )


def multiclass_logits(wn):
    name = 'multiclass-logits'
    scaler = StandardScaler().fit(wn['x_train'])
    clf = LogisticRegression(C=0.005, max_iter=5000).fit(scaler.transform(wn['x_train']), wn['y_train'])
    mean, scale = R.f32(scaler.mean_), R.f32(scaler.scale_)
    w, b = R.f32(clf.coef_.T), R.f32(clf.intercept_)
    nodes = [
        helper.make_node('Sub', ['input', 'mean'], ['centred']),
        helper.make_node('Div', ['centred', 'scale'], ['scaled']),
        helper.make_node('Gemm', ['scaled', 'coef', 'intercept'], ['logits']),
    ]
    model = build_model(
        name, nodes, [float_input('input', 13)], [tensor('logits', TensorProto.FLOAT, [BATCH, 3])],
        [const('mean', mean), const('scale', scale), const('coef', w), const('intercept', b)],
        'StandardScaler + multinomial LogisticRegression (C=0.005, strong on purpose: a few errors) on load_wine; the graph outputs raw logits '
        '(no softmax), for "softmax on request".',
        metadata('wine', task='multiclass', output='logits'),
    )
    rel = f'{MODELS}/{name}.onnx'
    write_model(model, path(rel))
    logits = R.gemm(R.standardise(wn['x_test32'], mean, scale), w, b)
    z = logits.astype(np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    proba = e / e.sum(axis=1, keepdims=True)
    y_pred = np.argmax(logits, axis=1)
    sanity(name, proba, clf.predict_proba(scaler.transform(wn['x_test32'].astype(np.float64))))
    classification_reference(
        name, model, rel, wn, [0, 1, 2], {'logits': flat(logits)}, proba, y_pred,
        COMMON_NOTES + [
            'predictions.proba = softmax of the float32 logits computed in float64 (max subtracted first); '
            'y_pred = argmax(logits); predictions.logits repeats the raw output.',
        ],
        extra={'output_transform': 'softmax'}, logits=logits,
    )


def tree_ensemble_classifier(wn):
    name = 'tree-ensemble-classifier'
    # 16 trees, not 20: onnxruntime splits the trees among its threads and adds the partial sums, so a
    # float32 sum of arbitrary weights depends on the runner's core count (measured: 44 of 162 values moved
    # by an ulp between 1 and 2 chunks, enough to reorder exact ties and move average_precision by 3e-4).
    # With 1/16 dyadic and every leaf weight a multiple of 2^-16, all partial sums are exact in float32:
    # the probabilities are the same bits in any order, and each row sums to exactly 1.
    n_trees = 16
    rf = RandomForestClassifier(n_estimators=n_trees, max_depth=6, random_state=0).fit(wn['x_train'],
                                                                                     wn['y_train'])
    trees = [e.tree_ for e in rf.estimators_]
    attrs = _tree_node_attrs(trees)
    leaf_weights = []
    cls = {'class_treeids': [], 'class_nodeids': [], 'class_ids': [], 'class_weights': []}
    for t, tree in enumerate(trees):
        counts = tree.value[:, 0, :]
        # sklearn 1.2 stores (bootstrap-weighted) class counts per node; predict_proba divides by their sum.
        frac = counts / counts.sum(axis=1, keepdims=True)
        weights = R.f32(quantised_fractions(frac, QUANTUM) / (QUANTUM * n_trees))
        leaf_weights.append(weights)
        for node in np.nonzero(tree.children_left == -1)[0]:
            for k in range(3):
                cls['class_treeids'].append(t)
                cls['class_nodeids'].append(int(node))
                cls['class_ids'].append(k)
                cls['class_weights'].append(float(weights[node, k]))
    node = helper.make_node('TreeEnsembleClassifier', ['input'], ['label', 'probabilities'], domain=ML_DOMAIN,
                            classlabels_int64s=[0, 1, 2], post_transform='NONE', **attrs, **cls)
    model = build_model(
        name, [node], [float_input('input', 13)],
        [tensor('label', TensorProto.INT64, [BATCH]), tensor('probabilities', TensorProto.FLOAT, [BATCH, 3])],
        [],
        'RandomForestClassifier (16 trees, max_depth 6) on load_wine as ai.onnx.ml TreeEnsembleClassifier: '
        'BRANCH_LEQ, leaf weights = class fractions / 16, the fractions rounded to multiples of 1/4096 so that '
        'float32 sums are exact in any order; summed (post_transform NONE, no ZipMap).',
        metadata('wine', task='multiclass', trees=str(n_trees)), uses_ml=True,
    )
    rel = f'{MODELS}/{name}.onnx'
    write_model(model, path(rel))
    proba = R.tree_ensemble_sum(trees, leaf_weights, wn['x_test32'], 3)
    label = np.argmax(proba, axis=1).astype(np.int64)
    sk_diff = sanity(name, proba, rf.predict_proba(wn['x_test32']))
    classification_reference(
        name, model, rel, wn, [0, 1, 2], {'label': flat(label), 'probabilities': flat(proba)}, proba, label,
        COMMON_NOTES + [
            'Tree path as onnxruntime walks it: features and thresholds as float32, x <= threshold goes to the '
            'true (left) child; thresholds are rounded down to float32 so the path equals sklearn\'s.',
            'Leaf weights are multiples of 2^-16 (class fractions rounded to 1/4096, then / 16 trees): every '
            'partial sum is exact in float32, so onnxruntime gives these bits whatever its thread count splits '
            'the trees into, each row sums to exactly 1, and probability metrics can match exactly. Versus '
            'sklearn\'s unrounded predict_proba the values differ by at most 16 * 2^-17 (sklearn_max_abs_diff).',
            'Equal leaf sums are common: near_ties lists rows whose two largest sums are within 1e-6; here the '
            'bits are exact, so such ties resolve to the lower class index in numpy and onnxruntime alike.',
        ],
        extra={'sklearn_max_abs_diff': sk_diff, 'exact_in_any_summation_order': True},
    )


QUANTUM = 4096


def quantised_fractions(frac, q):
    """Each row of fractions as integers summing to exactly q (largest remainder rounding)."""
    scaled = frac * q
    out = np.floor(scaled)
    for r in range(out.shape[0]):
        short = int(q - out[r].sum())
        if short:
            order = np.argsort(-(scaled[r] - out[r]), kind='stable')
            out[r, order[:short]] += 1
    return out


def _tree_node_attrs(trees):
    a = {k: [] for k in ('nodes_treeids', 'nodes_nodeids', 'nodes_featureids', 'nodes_values', 'nodes_modes',
                         'nodes_truenodeids', 'nodes_falsenodeids', 'nodes_missing_value_tracks_true')}
    for t, tree in enumerate(trees):
        thresholds = R.tree_thresholds(tree)
        for node in range(tree.node_count):
            leaf = tree.children_left[node] == -1
            a['nodes_treeids'].append(t)
            a['nodes_nodeids'].append(node)
            a['nodes_featureids'].append(0 if leaf else int(tree.feature[node]))
            a['nodes_values'].append(0.0 if leaf else float(thresholds[node]))
            a['nodes_modes'].append('LEAF' if leaf else 'BRANCH_LEQ')
            a['nodes_truenodeids'].append(0 if leaf else int(tree.children_left[node]))
            a['nodes_falsenodeids'].append(0 if leaf else int(tree.children_right[node]))
            a['nodes_missing_value_tracks_true'].append(0)
    return a


def tree_ensemble_regressor(db):
    name = 'tree-ensemble-regressor'
    lr = 0.1
    gbr = GradientBoostingRegressor(n_estimators=50, max_depth=3, learning_rate=lr, random_state=0)
    gbr.fit(db['x_train'], db['y_train'])
    trees = [e[0].tree_ for e in gbr.estimators_]
    base = float(gbr._raw_predict_init(db['x_train'][:1])[0, 0])
    attrs = _tree_node_attrs(trees)
    tgt = {'target_treeids': [], 'target_nodeids': [], 'target_ids': [], 'target_weights': []}
    leaf_weights = []
    for t, tree in enumerate(trees):
        weights = R.f32(tree.value[:, 0, :] * lr)
        leaf_weights.append(weights)
        for node in np.nonzero(tree.children_left == -1)[0]:
            tgt['target_treeids'].append(t)
            tgt['target_nodeids'].append(int(node))
            tgt['target_ids'].append(0)
            tgt['target_weights'].append(float(weights[node, 0]))
    node = helper.make_node('TreeEnsembleRegressor', ['input'], ['variable'], domain=ML_DOMAIN, n_targets=1,
                            aggregate_function='SUM', post_transform='NONE', base_values=[float(R.F32(base))],
                            **attrs, **tgt)
    model = build_model(
        name, [node], [float_input('input', 10)], [tensor('variable', TensorProto.FLOAT, [BATCH, 1])], [],
        'GradientBoostingRegressor (50 trees, depth 3, learning rate 0.1) on load_diabetes as ai.onnx.ml '
        'TreeEnsembleRegressor: leaf weight = 0.1 * leaf value, SUM, base value = the training mean.',
        metadata('diabetes', task='regression', trees='50'), uses_ml=True,
    )
    rel = f'{MODELS}/{name}.onnx'
    write_model(model, path(rel))
    value = R.tree_ensemble_sum(trees, leaf_weights, db['x_test32'], 1, base=[base])
    sanity(name, value[:, 0], gbr.predict(db['x_test32']))
    return regression_reference(
        name, model, rel, db, {'variable': flat(value)}, value[:, 0],
        ['Leaf weights (0.1 * leaf value, float32) summed in float32 in tree order, then the float32 base value '
         'added; thresholds rounded down to float32 so the path equals sklearn\'s. onnxruntime with one thread '
         'gives these bits; with more it splits the trees into per-thread partial sums (measured: within '
         '2.8e-7 relative at 2-8 threads).'])


def zipmap_models(bc):
    """#9: a LinearClassifier whose probabilities only leave through ZipMap (seq(map(int64, float))).
    zipmap-only has nothing else; zipmap-with-label also returns the int64 label, the usual skl2onnx shape."""
    scaler = StandardScaler().fit(bc['x_train'])
    clf = LogisticRegression(C=0.1, max_iter=5000).fit(scaler.transform(bc['x_train']), bc['y_train'])
    mean, scale = R.f32(scaler.mean_), R.f32(scaler.scale_)
    # Two score rows, [0] and [w] with intercepts [0, b]: softmax of them is [1 - sigmoid, sigmoid].
    coef = R.f32(np.vstack([np.zeros(30), clf.coef_[0]]))
    intercept = R.f32([0.0, clf.intercept_[0]])
    x = bc['x_test32']
    scores = R.gemm(R.standardise(x, mean, scale), coef.T, intercept)
    proba = R.softmax(scores)
    label = np.argmax(scores, axis=1).astype(np.int64)
    sanity('zipmap', proba, clf.predict_proba(scaler.transform(x.astype(np.float64))))
    for name, with_label in (('zipmap-only', False), ('zipmap-with-label', True)):
        nodes = [
            helper.make_node('Sub', ['input', 'mean'], ['centred']),
            helper.make_node('Div', ['centred', 'scale'], ['scaled']),
            helper.make_node('LinearClassifier', ['scaled'], ['label' if with_label else 'label_unused',
                                                              'probability_tensor'],
                             domain=ML_DOMAIN, coefficients=coef.reshape(-1).tolist(),
                             intercepts=intercept.tolist(), classlabels_ints=[0, 1], multi_class=1,
                             post_transform='SOFTMAX'),
            helper.make_node('ZipMap', ['probability_tensor'], ['output_probability'], domain=ML_DOMAIN,
                             classlabels_int64s=[0, 1]),
        ]
        outputs = [zipmap_output('output_probability')]
        if with_label:
            outputs.insert(0, tensor('label', TensorProto.INT64, [BATCH]))
        model = build_model(
            name, nodes, [float_input('input', 30)], outputs,
            [const('mean', mean), const('scale', scale)],
            'StandardScaler + LogisticRegression (C=0.1) on load_breast_cancer as ai.onnx.ml LinearClassifier '
            '(SOFTMAX over scores [0, w.x + b]) then ZipMap: '
            + ('the label tensor and the probabilities as seq(map(int64, float)).' if with_label else
               'the ONLY output is the ZipMap seq(map(int64, float)); there is no tensor to fetch.'),
            metadata('breast_cancer', task='binary', zipmap='true'), uses_ml=True,
        )
        rel = f'{MODELS}/{name}.onnx'
        write_model(model, path(rel))
        y = bc['y_test']
        common = {'y_true': flat(y)}
        if with_label:
            write_reference(
                name, model, rel, bc['csv'], 'binary', bc['label'], [0, 1], {'label': flat(label)},
                {**common, 'y_pred': flat(label)}, eval_metrics.label_only_metrics(y, label, 2),
                ['onnxruntime-node cannot return output_probability (a ZipMap sequence of maps): fetch only the '
                 'label tensor, so only label metrics can be computed (listed here); probability metrics are '
                 'absent, not zero.',
                 'zipmap_probabilities: what the ZipMap holds (float32 softmax, flat N*2), for information.'],
                {'near_ties': len(near_tie_rows(proba)), 'near_tie_rows': near_tie_rows(proba),
                 'fetchable_outputs': ['label'], 'zipmap_probabilities': flat(proba),
                 'per_class': eval_metrics.per_class(y, label, 2)},
            )
        else:
            write_reference(
                name, model, rel, bc['csv'], 'binary', bc['label'], [0, 1], {}, common, {},
                ['The only output is a ZipMap seq(map(int64, float)), which onnxruntime-node cannot return: '
                 'evaluation must stop with a clear message (exit 2) saying there is no tensor output to fetch.'],
                {'fetchable_outputs': [], 'expect_error': 'no tensor output'},
            )


def bad_files(logreg):
    with open(path(f'{MODELS}/not-onnx.onnx'), 'w') as f:
        f.write('This is a text file named .onnx, used to test the "not an ONNX model" message.\n')
    data = model_bytes(logreg)
    with open(path(f'{MODELS}/truncated.onnx'), 'wb') as f:
        f.write(data[: int(len(data) * 0.6)])
    open(path(f'{MODELS}/empty.onnx'), 'wb').close()


# ---------------------------------------------------------------- penguins (per-column inputs)

PENGUIN_CLASSES = ['Adelie', 'Chinstrap', 'Gentoo']
# (column in examples/penguins/penguins.csv, palmerpenguins name, kind)
PENGUIN_COLUMNS = [
    ('Island', 'island', 'string'),
    ('Sex', 'sex', 'string'),
    ('Beak Length (mm)', 'bill_length_mm', 'float'),
    ('Beak Depth (mm)', 'bill_depth_mm', 'float'),
    ('Flipper Length (mm)', 'flipper_length_mm', 'float'),
    ('Body Mass (g)', 'body_mass_g', 'int'),
]
PENGUIN_CATEGORIES = {'Island': ['Biscoe', 'Dream', 'Torgersen'], 'Sex': ['FEMALE', 'MALE']}


def read_penguins():
    with open(path('examples/penguins/penguins.csv'), newline='') as f:
        return list(csv.DictReader(f))


def penguin_matrix(rows, columns=PENGUIN_COLUMNS):
    """Numeric columns (body mass cast from int64 to float32, as the graph's Cast does) then one-hots."""
    numeric = [c for c, _, k in columns if k != 'string']
    strings = [c for c, _, k in columns if k == 'string']
    num = np.array([[float(r[c]) for c in numeric] for r in rows], dtype=np.float64)
    hots = [R.one_hot([r[c] for r in rows], PENGUIN_CATEGORIES[c]) for c in strings]
    return num, hots


class PenguinModel:
    """StandardScaler on the numbers + one-hot Island/Sex (unknown -> zeros) + multinomial LR, on `columns`
    (a subset of PENGUIN_COLUMNS, in that order; the graph has one input per column)."""

    def __init__(self, train_rows, c, columns=PENGUIN_COLUMNS):
        self.columns = columns
        num, hots = penguin_matrix(train_rows, columns)
        self.scaler = StandardScaler().fit(num)
        x = np.concatenate([self.scaler.transform(num)] + hots, axis=1)
        y = [PENGUIN_CLASSES.index(r['Species']) for r in train_rows]
        self.clf = LogisticRegression(C=c, max_iter=5000).fit(x, y)
        n_hot = sum(h.shape[1] for h in hots)
        self.offset = R.f32(np.concatenate([self.scaler.mean_, np.zeros(n_hot)]))
        self.scale = R.f32(np.concatenate([1.0 / self.scaler.scale_, np.ones(n_hot)]))
        self.coef = R.f32(self.clf.coef_)
        self.intercept = R.f32(self.clf.intercept_)
        self.c = c

    def onnx(self, name, input_names, doc, meta):
        i = dict(zip([c for c, _, _ in self.columns], input_names))
        ml = {'domain': ML_DOMAIN}
        nodes, hot_names, shapes = [], [], []
        for col, short in (('Island', 'island'), ('Sex', 'sex')):
            if col not in i:
                continue
            cats = PENGUIN_CATEGORIES[col]
            nodes += [
                helper.make_node('OneHotEncoder', [i[col]], [f'{short}_hot3'], cats_strings=cats, zeros=1, **ml),
                helper.make_node('Reshape', [f'{short}_hot3', f'shape_{short}'], [f'{short}_hot']),
            ]
            hot_names.append(f'{short}_hot')
            shapes.append(const(f'shape_{short}', np.array([-1, len(cats)], dtype=np.int64)))
        numeric = []
        for col, _, kind in self.columns:
            if kind == 'int':
                nodes.append(helper.make_node('Cast', [i[col]], ['body_mass_float'], to=TensorProto.FLOAT))
                numeric.append('body_mass_float')
            elif kind == 'float':
                numeric.append(i[col])
        nodes += [
            helper.make_node('Concat', numeric + hot_names, ['features'], axis=1),
            helper.make_node('Scaler', ['features'], ['scaled'], offset=self.offset.tolist(),
                             scale=self.scale.tolist(), **ml),
            helper.make_node('LinearClassifier', ['scaled'], ['label', 'probabilities'],
                             coefficients=self.coef.reshape(-1).tolist(), intercepts=self.intercept.tolist(),
                             classlabels_strings=PENGUIN_CLASSES, multi_class=1, post_transform='SOFTMAX', **ml),
        ]
        kinds = {'string': TensorProto.STRING, 'float': TensorProto.FLOAT, 'int': TensorProto.INT64}
        inputs = [tensor(i[c], kinds[k], [BATCH, 1]) for c, _, k in self.columns]
        return build_model(
            name, nodes, inputs,
            [tensor('label', TensorProto.STRING, [BATCH]), tensor('probabilities', TensorProto.FLOAT, [BATCH, 3])],
            shapes, doc, meta, uses_ml=True,
        )

    def run(self, rows):
        """float32 path of the graph: returns (label strings, probabilities float32 [N, 3], scores)."""
        num, hots = penguin_matrix(rows, self.columns)
        x = np.concatenate([R.f32(num)] + hots, axis=1).astype(R.F32)
        scores = R.gemm(R.ml_scaler(x, self.offset, self.scale), self.coef.T, self.intercept)
        proba = R.softmax(scores)
        label = np.array([PENGUIN_CLASSES[j] for j in np.argmax(scores, axis=1)])
        x64 = np.concatenate([self.scaler.transform(num)] + hots, axis=1)
        return label, proba, scores, self.clf.predict_proba(x64)


def penguin_doc(c, rows_desc):
    return (f'Palmer penguins species from per-column inputs, the way skl2onnx exports a ColumnTransformer: '
            f'OneHotEncoder (Island, Sex; unknown -> zeros), Cast, Concat, Scaler, LinearClassifier '
            f'(multinomial LogisticRegression C={c}, SOFTMAX). Trained on {rows_desc}.')


def penguins():
    """#8: inputs under the palmerpenguins names; its CSV is every row of examples/penguins/penguins.csv
    with no empty cell (334 of 344; the one bird whose sex is "." stays and meets the unknown-category path),
    columns renamed to the palmerpenguins names. The model is fit on a stratified half with strong
    regularisation (C=0.02) so that it makes a few mistakes for the metrics to see."""
    name = 'per-column-inputs'
    all_rows = read_penguins()
    cols = ['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex']
    rows = [r for r in all_rows if all(r[c] != '' for c in cols)]
    y = np.array([PENGUIN_CLASSES.index(r['Species']) for r in rows])
    train, _ = train_test_split(np.arange(len(rows)), test_size=0.5, random_state=0, stratify=y)
    pm = PenguinModel([rows[i] for i in sorted(train)], c=0.02)
    input_names = [p for _, p, _ in PENGUIN_COLUMNS]
    model = pm.onnx(name, input_names, penguin_doc(0.02, 'a stratified half of the complete rows'),
                    metadata('palmer_penguins', task='multiclass', source='examples/penguins/penguins.csv'))
    rel = f'{MODELS}/{name}.onnx'
    write_model(model, path(rel))
    rename = {'Species': 'species', **{c: p for c, p, _ in PENGUIN_COLUMNS}}
    order = ['species', 'island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex']
    back = {v: k for k, v in rename.items()}

    def cell(col, r):
        v = r[back[col]]
        if col in ('bill_length_mm', 'bill_depth_mm', 'flipper_length_mm'):
            return repr(float(v))
        return str(int(v)) if col == 'body_mass_g' else v

    data_rel = f'{EVAL}/penguins.csv'
    write_csv(data_rel, order, [[cell(c, r) for c in order] for r in rows])
    label, proba, scores, sk = pm.run(rows)
    sanity(name, proba, sk)
    y_pred = np.argmax(proba, axis=1)
    assert [PENGUIN_CLASSES[j] for j in y_pred] == list(label) or near_tie_rows(proba)
    classification_reference(
        name, model, rel, y, PENGUIN_CLASSES, {'label': flat(label), 'probabilities': flat(proba)}, proba, y_pred,
        COMMON_NOTES + [
            'classes are strings; y_true/y_pred are indices into classes; the label output is the class name.',
            f'Rows with an empty cell were dropped from the CSV ({len(all_rows) - len(rows)} of {len(all_rows)}); '
            'the one bird with sex "." is kept: '
            'OneHotEncoder(zeros=1) encodes an unknown category as all zeros.',
            'flipper_length_mm is float32 in the model though the CSV holds whole numbers; body_mass_g is int64.',
        ],
        label_column='species', data_rel=data_rel,
        extra={'input_columns': {p: p for p in input_names}},
    )
    return model


DEMO_SOURCE = 'examples/penguins/penguins.csv'
DEMO_TEST = 'examples/penguins/penguins-test.csv'
DEMO_TEST_SIZE = 0.4
# The weaker candidate has lost the most telling measurement (bill length): Adelie and Chinstrap, which
# share Dream island, are then told apart mostly by bill depth and flipper length, not well.
DEMO_SMALL_COLUMNS = [col for col in PENGUIN_COLUMNS if col[0] != 'Beak Length (mm)']


def read_penguin_lines():
    """penguins.csv as (header line, [(data line, row dict)]): the exact text of every row, so the test
    file can copy it verbatim (no cell is quoted and none holds a newline; checked against the csv module)."""
    with open(path(DEMO_SOURCE), newline='') as f:
        text = f.read()
    assert text.endswith('\n') and '\r' not in text
    lines = text[:-1].split('\n')
    rows = read_penguins()
    assert len(rows) == len(lines) - 1
    for line, row in zip(lines[1:], rows):
        assert next(csv.reader([line])) == list(row.values())
    return lines[0], list(zip(lines[1:], rows))


def penguins_demo_split():
    """#11: the complete rows of penguins.csv (no empty cell in any model input; the bird whose sex is "."
    stays and meets the unknown-category path), split 60/40 stratified by Species (random_state 0). Writes
    the test part, verbatim lines in the original order, to examples/penguins/penguins-test.csv."""
    header, lines = read_penguin_lines()
    complete = [(line, r) for line, r in lines if r['Species'] != '' and all(r[c] != '' for c, _, _ in PENGUIN_COLUMNS)]
    y = np.array([PENGUIN_CLASSES.index(r['Species']) for _, r in complete])
    train, test = train_test_split(np.arange(len(complete)), test_size=DEMO_TEST_SIZE, random_state=0, stratify=y)
    train, test = np.sort(train), np.sort(test)
    with open(path(DEMO_TEST), 'w', newline='') as f:
        f.write(''.join(line + '\n' for line in [header] + [complete[i][0] for i in test]))
    split = {
        'source': DEMO_SOURCE,
        'source_rows': len(lines),
        'complete_rows': len(complete),
        'train_rows': len(train),
        'test_rows': len(test),
        'method': f'train_test_split(test_size={DEMO_TEST_SIZE}, random_state=0, stratify=Species) over the '
                  'complete rows in file order; both parts kept in file order',
        'train_ids': [int(complete[i][1]['id']) for i in train],
    }
    return [complete[i][1] for i in train], [complete[i][1] for i in test], y[train], y[test], split


def penguins_demo_model(name, model_rel, graph_name, columns, train_rows, test_rows, y_test, split, what):
    pm = PenguinModel(train_rows, c=1.0, columns=columns)
    input_names = [c for c, _, _ in columns]
    rows_desc = (f'a stratified {round(100 * (1 - DEMO_TEST_SIZE))}% of the complete rows of {DEMO_SOURCE} '
                 f'({len(train_rows)} rows); {DEMO_TEST} holds the other {len(test_rows)}')
    model = pm.onnx(graph_name, input_names, penguin_doc(1.0, rows_desc) + what,
                    metadata('palmer_penguins', task='multiclass', source=DEMO_SOURCE, label_column='Species',
                             test_data=DEMO_TEST))
    write_model(model, path(model_rel))
    label, proba, scores, sk = pm.run(test_rows)
    sanity(name, proba, sk)
    y_pred = np.argmax(proba, axis=1)
    assert [PENGUIN_CLASSES[j] for j in y_pred] == list(label) or near_tie_rows(proba)
    classification_reference(
        name, model, model_rel, y_test, PENGUIN_CLASSES, {'label': flat(label), 'probabilities': flat(proba)},
        proba, y_pred,
        COMMON_NOTES + [
            f'Evaluated on {DEMO_TEST}, every row of it: the rows of {DEMO_SOURCE} the model was not trained '
            'on (see split; split.train_ids are the training rows\' id values).',
            'classes are strings; y_true/y_pred are indices into classes; the label output is the class name.',
            'The bird with Sex "." is an unknown category: OneHotEncoder(zeros=1) encodes it as all zeros.',
        ],
        label_column='Species', data_rel=DEMO_TEST,
        extra={'split': split, 'input_columns': {c: c for c in input_names}},
    )
    return model


def penguins_demo():
    """#11: the demo's two candidates, inputs named exactly like penguins.csv's columns, both fit (C=1) on
    the same train part and referenced on penguins-test.csv: model.onnx on every input column, and the
    deliberately weaker model-small.onnx without Beak Length (mm) (the candidate that fails a threshold)."""
    train_rows, test_rows, _, y_test, split = penguins_demo_split()
    with open(path('examples/penguins/classes.txt'), 'w') as f:
        f.write('\n'.join(PENGUIN_CLASSES) + '\n')
    penguins_demo_model('penguins-demo', 'examples/penguins/model.onnx', 'penguins-species', PENGUIN_COLUMNS,
                        train_rows, test_rows, y_test, split, '')
    penguins_demo_model('penguins-demo-small', 'examples/penguins/model-small.onnx', 'penguins-species-small',
                        DEMO_SMALL_COLUMNS, train_rows, test_rows, y_test, split,
                        ' Deliberately weaker demo candidate: Beak Length (mm) is not an input.')


# ---------------------------------------------------------------- benchmark model

BENCH_FEATURES = 30
BENCH_NOISE_SD = 1.0


def bench_w_true():
    return np.random.default_rng(42).standard_normal(BENCH_FEATURES)


def bench_data(n, seed):
    """x_j ~ N(0, 1) independent; y = 1 if x . w_true + e > 0, e ~ N(0, BENCH_NOISE_SD^2); bench/models/README.md."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, BENCH_FEATURES))
    y = (x @ bench_w_true() + BENCH_NOISE_SD * rng.standard_normal(n) > 0).astype(np.int64)
    return x, y


def bench_model():
    name = 'mlp-30-64-64-2'
    x, y = bench_data(20000, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(64, 64), max_iter=30, random_state=0).fit(x, y)
    w1, b1 = R.f32(clf.coefs_[0]), R.f32(clf.intercepts_[0])
    w2, b2 = R.f32(clf.coefs_[1]), R.f32(clf.intercepts_[1])
    # sklearn's binary MLP ends in one logistic unit z; softmax([0, z]) = [1 - sigmoid(z), sigmoid(z)],
    # so a 64 -> 2 layer with a zero first column gives the same probabilities through a softmax.
    w3 = R.f32(np.hstack([np.zeros((64, 1)), clf.coefs_[2]]))
    b3 = R.f32([0.0, clf.intercepts_[2][0]])
    nodes = [
        helper.make_node('Gemm', ['input', 'w1', 'b1'], ['h1_pre']),
        helper.make_node('Relu', ['h1_pre'], ['h1']),
        helper.make_node('Gemm', ['h1', 'w2', 'b2'], ['h2_pre']),
        helper.make_node('Relu', ['h2_pre'], ['h2']),
        helper.make_node('Gemm', ['h2', 'w3', 'b3'], ['logits']),
        helper.make_node('Softmax', ['logits'], ['probabilities'], axis=1),
    ]
    model = build_model(
        name, nodes, [float_input('input', BENCH_FEATURES)], [tensor('probabilities', TensorProto.FLOAT, [BATCH, 2])],
        [const('w1', w1), const('b1', b1), const('w2', w2), const('b2', b2), const('w3', w3), const('b3', b3)],
        'Benchmark MLP 30-64-64-2 (ReLU, softmax), MLPClassifier weights trained on 20000 synthetic rows: '
        'x_j ~ N(0,1), y = 1 if x.w_true + N(0,1) noise > 0, w_true = default_rng(42).standard_normal(30).',
        metadata('synthetic', task='binary', generator='bench/models/README.md'),
    )
    rel = f'bench/models/{name}.onnx'
    write_model(model, path(rel))
    # A small, seeded check set so a benchmark can confirm it loaded the right model.
    xs, ys = bench_data(1000, seed=1)
    xs32 = R.f32(xs)
    h = R.relu(R.gemm(R.relu(R.gemm(xs32, w1, b1)), w2, b2))
    proba = R.softmax(R.gemm(h, w3, b3))
    y_pred = np.argmax(proba, axis=1)
    sanity(name, proba, clf.predict_proba(xs32.astype(np.float64)))
    m = eval_metrics.binary_metrics(ys, y_pred, proba)
    check = {
        'model': rel,
        'model_sha256': hashlib.sha256(model_bytes(model)).hexdigest(),
        'generator': {'features': BENCH_FEATURES, 'noise_sd': BENCH_NOISE_SD,
                      'w_true': [float(v) for v in bench_w_true()],
                      'rule': 'y = 1 if sum_j x_j * w_true[j] + noise_sd * e > 0 else 0; x_j, e ~ N(0, 1)'},
        'check_rows': {'n_rows': 5, 'input': flat(xs32[:5]), 'probabilities': flat(proba[:5])},
        'sample_metrics': {'n_rows': 1000, 'seed': 1, 'accuracy': m['accuracy'], 'roc_auc': m['roc_auc'],
                           'log_loss': m['log_loss']},
    }
    with open(path(f'bench/models/{name}.json'), 'w') as f:
        f.write(dumps(check) + '\n')
    SUMMARY.append((name + ' (bench sample)', 1000, 'binary', m, None))


# ---------------------------------------------------------------- main


def print_summary():
    print()
    print(f'{"model":28} {"rows":>5}  {"task":10}  headline metrics')
    for name, n, task, m, ties in SUMMARY:
        if task == 'regression':
            head = f'r2={m["r2"]:.4f} rmse={m["rmse"]:.3f} mae={m["mae"]:.3f}'
        elif not m:
            head = '(no tensor output: evaluation must fail)'
        elif 'log_loss' not in m:
            head = f'accuracy={m["accuracy"]:.4f} f1_macro={m["f1_macro"]:.4f} (labels only)'
        elif task == 'binary':
            head = f'accuracy={m["accuracy"]:.4f} roc_auc={m["roc_auc"]:.4f} log_loss={m["log_loss"]:.4f}'
        else:
            head = (f'accuracy={m["accuracy"]:.4f} roc_auc_ovr_macro={m["roc_auc_ovr_macro"]:.4f} '
                    f'log_loss={m["log_loss"]:.4f}')
        print(f'{name:28} {n:>5}  {task:10}  {head}' + ('' if not ties else f'  near_ties={ties}'))


def main():
    for d in (MODELS, EVAL, 'bench/models'):
        os.makedirs(path(d), exist_ok=True)
    bc = load_split(datasets.load_breast_cancer, 'breast-cancer', 'target')
    dg = load_split(datasets.load_digits, 'digits', 'digit', feature_names=[f'pixel_{i}' for i in range(64)])
    db = load_split(datasets.load_diabetes, 'diabetes', 'target', classification=False)
    wn = load_split(datasets.load_wine, 'wine', 'target')
    logreg = binary_logreg(bc)
    binary_mlp_logit(bc)
    multiclass_mlp(dg)
    multiclass_logits(wn)
    regression_linear(db)
    tree_ensemble_classifier(wn)
    tree_ensemble_regressor(db)
    penguins()
    zipmap_models(bc)
    bad_files(logreg)
    penguins_demo()
    bench_model()
    print_summary()


if __name__ == '__main__':
    main()
