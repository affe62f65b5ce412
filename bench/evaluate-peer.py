"""The peer of `mlgate evaluate` in bench/evaluate.mjs: the same job in pandas + numpy + scikit-learn.

Run with Debian's /usr/bin/python3 (it has pandas, numpy, scikit-learn and onnx; no onnxruntime):

    /usr/bin/python3 bench/evaluate-peer.py --model M.onnx --data FILE.csv --label label --out DIR
        [--check bench/models/mlp-30-64-64-2.json] [--batch-rows 65536]

1. pandas.read_csv of the whole file (the C engine, default dtypes: float64 features, int64 label);
2. the model's forward pass in numpy float32, the weights read from the ONNX file with onnx.numpy_helper
   and the graph's nodes interpreted in order (Gemm, MatMul, Add, Relu, Sigmoid, Softmax: what MLP
   exports use), in batches of --batch-rows rows so the hidden activations of 1 M rows (256 MB a layer)
   are not all held at once: the peer is given the memory-frugal form a careful user would write;
3. with --check, the 5 check rows of the model's JSON are run first and must agree to 1e-5;
4. every binary metric with scikit-learn on the float32 probabilities cast to float64 (as mlgate scores
   them: sklearn 1.2's log_loss eps="auto" would otherwise clip at float32's epsilon);
5. predictions (row, y_true, y_pred, proba_0, proba_1) to predictions.parquet when pyarrow is importable,
   else predictions.csv; metrics and phase timings to peer.json.

`--score-only Y_TRUE.bin PROBA.bin` skips 1-3 and 5: it scores given labels (int32) and probabilities
(float32, rows × 2, row-major), so evaluate.mjs can check mlgate's metric code on mlgate's own predictions.
"""

import argparse
import json
import os
import sys
import time

STARTED = time.perf_counter()

import numpy as np  # noqa: E402
from sklearn import metrics as skm  # noqa: E402


def forward_fn(model_path):
    """A numpy float32 interpreter for the model's graph; refuses ops it does not know."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(model_path)
    graph = model.graph
    weights = {t.name: numpy_helper.to_array(t).astype(np.float32) for t in graph.initializer}
    input_name = [i.name for i in graph.input if i.name not in weights][0]
    output_names = [o.name for o in graph.output]
    nodes = []
    for node in graph.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type not in ("Gemm", "MatMul", "Add", "Relu", "Sigmoid", "Softmax"):
            raise SystemExit(f"evaluate-peer.py: op {node.op_type} is not interpreted")
        if node.op_type == "Gemm":
            # Fold transB into the stored weight once, not per batch.
            b = weights[node.input[1]]
            if attrs.get("transB", 0):
                weights[node.input[1]] = np.ascontiguousarray(b.T)
            if attrs.get("transA", 0):
                raise SystemExit("evaluate-peer.py: Gemm transA is not interpreted")
        nodes.append((node.op_type, list(node.input), list(node.output), attrs))

    def run(x):
        values = dict(weights)
        values[input_name] = x
        for op, ins, outs, attrs in nodes:
            a = values[ins[0]]
            if op == "Gemm":
                y = a @ values[ins[1]]
                alpha, beta = attrs.get("alpha", 1.0), attrs.get("beta", 1.0)
                if alpha != 1.0:
                    y *= np.float32(alpha)
                if len(ins) > 2 and ins[2]:
                    y += values[ins[2]] if beta == 1.0 else np.float32(beta) * values[ins[2]]
            elif op == "MatMul":
                y = a @ values[ins[1]]
            elif op == "Add":
                y = a + values[ins[1]]
            elif op == "Relu":
                y = np.maximum(a, np.float32(0))
            elif op == "Sigmoid":
                y = np.float32(1) / (np.float32(1) + np.exp(-a))
            else:  # Softmax, opset >= 13: default axis -1
                axis = attrs.get("axis", -1)
                e = np.exp(a - a.max(axis=axis, keepdims=True))
                y = e / e.sum(axis=axis, keepdims=True)
            values[outs[0]] = y
        return values[output_names[0]]

    return run, output_names[0]


def binary_metrics(y_true, proba):
    """Every binary metric of mlgate's catalogue that the brief names, under mlgate's names."""
    p = proba.astype(np.float64)
    p1 = p[:, 1]
    y_pred = np.argmax(p, axis=1)  # ties to the lower class, as mlgate
    out = {
        "accuracy": skm.accuracy_score(y_true, y_pred),
        "balanced_accuracy": skm.balanced_accuracy_score(y_true, y_pred),
    }
    for name, fn in (("precision", skm.precision_score), ("recall", skm.recall_score), ("f1", skm.f1_score)):
        out[name] = fn(y_true, y_pred, pos_label=1, average="binary", zero_division=0)
        for avg in ("macro", "micro", "weighted"):
            out[f"{name}_{avg}"] = fn(y_true, y_pred, average=avg, zero_division=0)
    out["roc_auc"] = skm.roc_auc_score(y_true, p1)
    out["average_precision"] = skm.average_precision_score(y_true, p1)
    out["log_loss"] = skm.log_loss(y_true, p, labels=[0, 1])
    out["brier_score"] = skm.brier_score_loss(y_true, p1, pos_label=1)
    out["matthews_corrcoef"] = skm.matthews_corrcoef(y_true, y_pred)
    out["cohen_kappa"] = skm.cohen_kappa_score(y_true, y_pred)
    out = {k: float(v) for k, v in out.items()}
    out["confusion_matrix"] = skm.confusion_matrix(y_true, y_pred, labels=[0, 1]).tolist()
    return out, y_pred


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
    ap.add_argument("--model")
    ap.add_argument("--data")
    ap.add_argument("--label", default="label")
    ap.add_argument("--out", required=True)
    ap.add_argument("--check")
    ap.add_argument("--batch-rows", type=int, default=65536)
    ap.add_argument("--score-only", nargs=2, metavar=("Y_TRUE_BIN", "PROBA_BIN"))
    ap.add_argument("--peer-predictions", help="with --score-only: the peer's predictions file to compare")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    env = {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "sklearn": __import__("sklearn").__version__,
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
        "blas": blas_info(),
    }

    if args.score_only:
        y_true = np.fromfile(args.score_only[0], dtype=np.int32)
        proba = np.fromfile(args.score_only[1], dtype=np.float32).reshape(-1, 2)
        metrics, y_pred = binary_metrics(y_true, proba)
        result = {"metrics": metrics, "rows": int(len(y_true)), "env": env}
        if args.peer_predictions:
            import pandas as pd

            read = pd.read_parquet if args.peer_predictions.endswith(".parquet") else pd.read_csv
            peer = read(args.peer_predictions)
            result["versus_peer"] = {
                "max_abs_proba_diff": float(np.abs(peer["proba_1"].to_numpy(np.float64) - proba[:, 1]).max()),
                "y_pred_disagreements": int((peer["y_pred"].to_numpy() != y_pred).sum()),
                "y_true_disagreements": int((peer["y_true"].to_numpy() != y_true).sum()),
            }
        with open(os.path.join(args.out, "scored.json"), "w") as f:
            json.dump(result, f)
        return

    import pandas as pd

    phases = {"imports_s": time.perf_counter() - STARTED}
    run, _ = forward_fn(args.model)
    check = None
    if args.check:
        with open(args.check) as f:
            info = json.load(f)["check_rows"]
        x = np.asarray(info["input"], dtype=np.float32).reshape(info["n_rows"], -1)
        want = np.asarray(info["probabilities"], dtype=np.float64).reshape(info["n_rows"], -1)
        got = run(x).astype(np.float64)
        check = float(np.abs(got - want).max())
        if not check <= 1e-5:
            raise SystemExit(f"evaluate-peer.py: check rows differ from the JSON's by {check}")
    t = time.perf_counter()
    phases["model_s"] = t - STARTED - phases["imports_s"]

    df = pd.read_csv(args.data)
    phases["read_csv_s"] = time.perf_counter() - t
    t = time.perf_counter()
    features = [c for c in df.columns if c != args.label]
    x_all = df[features].to_numpy(dtype=np.float32)
    y_true = df[args.label].to_numpy()
    proba = np.empty((len(df), 2), dtype=np.float32)
    for start in range(0, len(df), args.batch_rows):
        proba[start : start + args.batch_rows] = run(x_all[start : start + args.batch_rows])
    phases["forward_s"] = time.perf_counter() - t
    t = time.perf_counter()
    metrics, y_pred = binary_metrics(y_true, proba)
    phases["metrics_s"] = time.perf_counter() - t
    t = time.perf_counter()

    predictions = pd.DataFrame(
        {
            "row": np.arange(1, len(df) + 1, dtype=np.int32),
            "y_true": y_true.astype(np.int32),
            "y_pred": y_pred.astype(np.int32),
            "proba_0": proba[:, 0],
            "proba_1": proba[:, 1],
        }
    )
    try:
        import pyarrow  # noqa: F401

        predictions_path = os.path.join(args.out, "predictions.parquet")
        predictions.to_parquet(predictions_path, index=False)
    except ImportError:
        predictions_path = os.path.join(args.out, "predictions.csv")
        predictions.to_csv(predictions_path, index=False)
    phases["write_s"] = time.perf_counter() - t
    phases["total_in_process_s"] = time.perf_counter() - STARTED
    with open(os.path.join(args.out, "peer.json"), "w") as f:
        json.dump(
            {
                "rows": int(len(df)),
                "metrics": metrics,
                "check_max_abs_diff": check,
                "predictions_path": predictions_path,
                "predictions_format": os.path.splitext(predictions_path)[1][1:],
                "phases": phases,
                "env": env,
            },
            f,
            indent=1,
        )


if __name__ == "__main__":
    main()
