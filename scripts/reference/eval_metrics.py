"""scikit-learn's values for mlgate's metric names (DESIGN section 4), computed on given predictions.

Conventions as scikit-learn 1.2.1 applies them: zero_division=0; labels are the class indices
0..K-1 in order (every fixture has every class in y_true, so this equals sklearn's default);
log_loss clips at eps=finfo(float64).eps and renormalises each probability row before the log;
average_precision is the step sum; multiclass average_precision is one-vs-rest over label_binarize;
top_k_accuracy ranks with a stable argsort, so among equal scores the higher class index ranks first.
"""
import numpy as np
from sklearn import metrics as M
from sklearn.preprocessing import label_binarize


def _label_metrics(y, y_pred, k, binary):
    labels = list(range(k))
    out = {
        'accuracy': M.accuracy_score(y, y_pred),
        'balanced_accuracy': M.balanced_accuracy_score(y, y_pred),
    }
    if binary:
        out['precision'] = M.precision_score(y, y_pred, pos_label=1, zero_division=0)
        out['recall'] = M.recall_score(y, y_pred, pos_label=1, zero_division=0)
        out['f1'] = M.f1_score(y, y_pred, pos_label=1, zero_division=0)
    for avg in ('macro', 'micro', 'weighted'):
        out[f'precision_{avg}'] = M.precision_score(y, y_pred, labels=labels, average=avg, zero_division=0)
        out[f'recall_{avg}'] = M.recall_score(y, y_pred, labels=labels, average=avg, zero_division=0)
        out[f'f1_{avg}'] = M.f1_score(y, y_pred, labels=labels, average=avg, zero_division=0)
    out['matthews_corrcoef'] = M.matthews_corrcoef(y, y_pred)
    out['cohen_kappa'] = M.cohen_kappa_score(y, y_pred, labels=labels)
    out['confusion_matrix'] = M.confusion_matrix(y, y_pred, labels=labels).tolist()
    return out


def per_class(y, y_pred, k):
    p, r, f, s = M.precision_recall_fscore_support(y, y_pred, labels=list(range(k)), zero_division=0)
    return {'precision': p.tolist(), 'recall': r.tolist(), 'f1': f.tolist(), 'support': s.tolist()}


def label_only_metrics(y, y_pred, k):
    """For a model that gives labels but no probability tensor (ZipMap beside a label)."""
    return _to_python(_label_metrics(y, y_pred, k, binary=(k == 2)))


def binary_metrics(y, y_pred, proba):
    proba = np.asarray(proba, dtype=np.float64)
    p1 = proba[:, 1]
    out = _label_metrics(y, y_pred, 2, binary=True)
    out['roc_auc'] = M.roc_auc_score(y, p1)
    out['average_precision'] = M.average_precision_score(y, p1, pos_label=1)
    out['log_loss'] = M.log_loss(y, proba, labels=[0, 1])
    out['brier_score'] = M.brier_score_loss(y, p1, pos_label=1)
    return _to_python(out)


def multiclass_metrics(y, y_pred, proba, k):
    proba = np.asarray(proba, dtype=np.float64)
    labels = list(range(k))
    out = _label_metrics(y, y_pred, k, binary=False)
    for mc in ('ovr', 'ovo'):
        for avg in ('macro', 'weighted'):
            out[f'roc_auc_{mc}_{avg}'] = M.roc_auc_score(y, proba, multi_class=mc, average=avg, labels=labels)
    onehot = label_binarize(y, classes=labels)
    for avg in ('macro', 'micro', 'weighted'):
        out[f'average_precision_{avg}'] = M.average_precision_score(onehot, proba, average=avg)
    out['log_loss'] = M.log_loss(y, proba, labels=labels)
    out['top_k_accuracy'] = {
        str(t): M.top_k_accuracy_score(y, proba, k=t, labels=labels) for t in (2, 3, 5) if t < k
    }
    return _to_python(out)


def regression_metrics(y, y_hat):
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)
    mse = M.mean_squared_error(y, y_hat)
    return _to_python(
        {
            'mae': M.mean_absolute_error(y, y_hat),
            'mse': mse,
            'rmse': M.mean_squared_error(y, y_hat, squared=False),
            'r2': M.r2_score(y, y_hat),
            'mape': M.mean_absolute_percentage_error(y, y_hat),
            'median_absolute_error': M.median_absolute_error(y, y_hat),
            'explained_variance': M.explained_variance_score(y, y_hat),
            'max_error': M.max_error(y, y_hat),
        }
    )


def _to_python(value):
    if isinstance(value, dict):
        return {k: _to_python(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_python(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value
