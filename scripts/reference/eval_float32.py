"""The fixture graphs re-computed in numpy float32, operator by operator, the way onnxruntime runs them.

onnxruntime's kernels (MLAS sgemm, its vectorised exp/logistic, a different summation order) do not
give bit-identical float32 results, so these values agree with onnxruntime to a few float32 ulps
(about 1e-6 absolute on probabilities), not exactly. Label metrics still match exactly unless two
scores are closer than that: `near_ties` counts those rows.
"""
import numpy as np

F32 = np.float32


def f32(a):
    return np.asarray(a, dtype=F32)


def gemm(x, w, b):
    """Gemm(x, w, b) with w already [in, out]: float32 product plus float32 bias."""
    return (f32(x) @ f32(w) + f32(b)).astype(F32)


def relu(x):
    return np.maximum(x, F32(0))


def sigmoid(z):
    z = f32(z)
    return (F32(1) / (F32(1) + np.exp(-z))).astype(F32)


def softmax(z):
    """Softmax over the last axis in float32, the max subtracted first (as onnxruntime does)."""
    z = f32(z)
    e = np.exp(z - z.max(axis=1, keepdims=True)).astype(F32)
    return (e / e.sum(axis=1, keepdims=True, dtype=F32)).astype(F32)


def standardise(x, mean, scale):
    """Sub then Div, both float32 (the graph's order)."""
    return ((f32(x) - f32(mean)) / f32(scale)).astype(F32)


def ml_scaler(x, offset, scale):
    """ai.onnx.ml Scaler: (x - offset) * scale in float32."""
    return ((f32(x) - f32(offset)) * f32(scale)).astype(F32)


def one_hot(values, categories):
    """ai.onnx.ml OneHotEncoder with zeros=1: an unknown category is a row of zeros."""
    out = np.zeros((len(values), len(categories)), dtype=F32)
    index = {c: i for i, c in enumerate(categories)}
    for r, v in enumerate(values):
        if v in index:
            out[r, index[v]] = 1
    return out


def tree_thresholds(tree):
    """sklearn's float64 split thresholds as float32, rounded DOWN.

    sklearn compares float32 features with float64 thresholds that are midpoints of two float32 values;
    rounding such a midpoint to nearest (ties to even) can land on the upper value and send that value the
    other way. The largest float32 <= t keeps `x <= t` the same for every float32 x.
    """
    t64 = np.asarray(tree.threshold, dtype=np.float64)
    t32 = t64.astype(F32)
    up = t32.astype(np.float64) > t64
    t32[up] = np.nextafter(t32[up], F32(-np.inf))
    return t32


def tree_leaf(tree, x_row, threshold=None):
    """Walk one sklearn tree with BRANCH_LEQ on float32 features and float32 thresholds."""
    node = 0
    left, right = tree.children_left, tree.children_right
    feature = tree.feature
    threshold = tree_thresholds(tree) if threshold is None else threshold
    while left[node] != -1:
        node = left[node] if x_row[feature[node]] <= threshold[node] else right[node]
    return node


def tree_ensemble_sum(trees, leaf_weights, x, n_outputs, base=None):
    """Sum of leaf weights over trees, accumulated in float32 in tree order, then the base added.

    leaf_weights[t] maps node id -> float32 vector of n_outputs.
    """
    x = f32(x)
    thresholds = [tree_thresholds(t) for t in trees]
    out = np.zeros((x.shape[0], n_outputs), dtype=F32)
    for r in range(x.shape[0]):
        acc = np.zeros(n_outputs, dtype=F32)
        for t, tree in enumerate(trees):
            acc = (acc + leaf_weights[t][tree_leaf(tree, x[r], thresholds[t])]).astype(F32)
        if base is not None:
            acc = (acc + f32(base)).astype(F32)
        out[r] = acc
    return out


def top2_gap(scores):
    """Gap between the largest and second largest score of each row (float64 of the float32 values)."""
    s = np.sort(np.asarray(scores, dtype=np.float64), axis=1)
    return s[:, -1] - s[:, -2]
