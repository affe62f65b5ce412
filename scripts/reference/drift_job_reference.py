#!/usr/bin/python3
"""Fixtures and expected values for the drift JOB (`mlgate drift`, runDriftJob), scipy 1.10.1 / numpy.

Writes test/fixtures/drift-job/:
  small/reference.csv (800 rows), small/current.csv (600 rows), small/current.jsonl.gz (the same rows as
      JSON Lines, gzipped: booleans as true/false, missing cells as null or an absent key)
  large/reference.csv.gz (5000 rows), large/current.csv.gz (3000 rows), gzipped to keep them small
  expected.json  per fixture: every column's statistics as drift.json reports them (scipy ks_2samp,
      wasserstein_distance, np.std, PSI and Jensen-Shannon on the decile bins of DESIGN section 4,
      chi2_contingency, the two-proportion z-test, total variation, data quality), the columns that are not
      tested, and per set of CLI flags ("variant") the method, score, threshold, adjusted p-value and
      verdict of each column and the dataset verdict, decided here from those numbers by the documented
      policy (Evidently's default tests; Benjamini-Hochberg step-up in numpy; min_effect; drift_share).
  min_effect: a 200 000-row pair with a 1% location shift (too large to store: drawn from
      drift_reference.py's seeded generator, which test/unit/drift/fixtures.ts redraws bit for bit), its
      ks_2samp and wasserstein values.
The numbers are computed from the files as written (each cell parsed back with float()), so they are the
values mlgate reads. Run from the repository root:
    /usr/bin/python3 scripts/reference/drift_job_reference.py
"""
import csv
import gzip
import io
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drift_reference import draw, ks_method, raw_d  # noqa: E402  (the generator the TS tests redraw)

assert scipy.__version__ == '1.10.1', scipy.__version__
OUT = os.path.join('test', 'fixtures', 'drift-job')
HOSTILE = '<b>x</b>|*y*'
INCOME = 'income / month'
EMPTY = 1e-4
DECILES = np.arange(10, 100, 10)
MAX_NUMERIC_CATEGORIES = 5

POLICY = {
    'small_sample': 1000,
    'alpha': 0.05,
    'thresholds': {'wasserstein': 0.1, 'psi': 0.1, 'jensen_shannon': 0.1},
    'correction': 'benjamini-hochberg',
    'min_effect': 0.05,
    'min_values': 30,
    'drift_share': 0.5,
    'methods': {},
}


# ---------------------------------------------------------------------------------------------------
# The data.
def fmt3(x):
    """Three decimals (ties included, files small); never "-0.000"."""
    s = '%.3f' % x
    return '0.000' if s == '-0.000' else s


def choice(rng, values, probs, n):
    return [values[i] for i in rng.choice(len(values), size=n, p=probs)]


def with_missing(rng, cells, share):
    cells = list(cells)
    for i in np.nonzero(rng.uniform(size=len(cells)) < share)[0]:
        cells[i] = ''
    return cells


def side(rng, n, current, size, offset):
    """The cells of one side: {column: [text, ...]}; '' is a missing cell. `current` shifts what should move."""
    cols = {}
    cols['id'] = [str(offset + i + 1) for i in range(n)]
    cols['shifted'] = [fmt3(v) for v in rng.normal(0.5 if current else 0.0, 1.0, n)]
    cols['scaled'] = [fmt3(v) for v in rng.normal(10.0, 3.0 if current else 2.0, n)]
    cols['unchanged'] = [fmt3(v) for v in rng.normal(5.0, 1.0, n)]
    cols['heavy'] = [fmt3(v) for v in rng.standard_t(1.5, n) + (0.15 if current else 0.0)]
    cols['ties'] = [str(v) for v in rng.poisson(4.6 if current else 4.0, n)]
    # At most 5 distinct values: tested as categories. The rare lowest value shares the first decile bin
    # with the next one, so its decile distance differs from its category distance.
    probs = [0.12, 0.18, 0.3, 0.2, 0.2] if current else [0.03, 0.27, 0.3, 0.2, 0.2]
    cols['few'] = choice(rng, ['0', '1', '2', '3', '4'], probs, n)
    cols['constant'] = ['7'] * n
    colors = ['red', 'green', 'blue', 'purple'] if current else ['red', 'green', 'blue']
    cprobs = [0.4, 0.3, 0.2, 0.1] if current else [0.45, 0.33, 0.22]
    cols['color'] = with_missing(rng, choice(rng, colors, cprobs, n), 0.05)
    cols['subscribed'] = choice(rng, ['yes', 'no'], [0.35, 0.65] if current else [0.3, 0.7], n)
    cols['active'] = choice(rng, ['true', 'false'], [0.5, 0.5], n)
    income = ['%.2f' % v for v in rng.lognormal(8.0, 0.5, n)]
    income = with_missing(rng, income, 0.10 if current else 0.02)
    if not current:
        # NaN text and infinities: counted as data quality findings, not values.
        for i, text in zip(range(5, 5 + 8 * 7, 7), ['NaN', 'nan', 'NaN', 'inf', 'NaN', '-inf', 'NaN', 'NaN']):
            income[i] = text
    cols[INCOME] = income
    cols[HOSTILE] = [fmt3(v) for v in rng.normal(0.0, 1.0, n)]
    # Numbers with text in the current data only: mixed.
    mixed = [repr(float(round(v, 2))) for v in rng.normal(3.0, 1.0, n)]
    if current:
        for i in range(3, n, 50):
            mixed[i] = 'n/a'
    cols['mixed'] = mixed
    # Numbers in the reference, codes in the current data: the sides disagree.
    cols['type_flip'] = (choice(rng, ['A1', 'B2', 'C3', 'A12'], [0.25] * 4, n) if current
                         else [str(v) for v in rng.integers(1, 4, n)])
    if current:
        cols['new_feature'] = [fmt3(v) for v in rng.normal(0.0, 1.0, n)]
    else:
        cols['legacy'] = [fmt3(v) for v in rng.normal(0.0, 1.0, n)]
    if size == 'large':
        # Numbers through the first batch the types are read from, then a text cell (row 4500).
        late = [fmt3(v) for v in rng.normal(0.0, 1.0, n)]
        if not current:
            late[4499] = 'oops'
        cols['late_text'] = late
    return cols


def write_csv(path, cols):
    names = list(cols)
    n = len(cols[names[0]])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(names)
    for i in range(n):
        w.writerow([cols[c][i] for c in names])
    data = buf.getvalue().encode()
    if path.endswith('.gz'):
        with open(path, 'wb') as raw, gzip.GzipFile(fileobj=raw, mode='wb', mtime=0, filename='') as f:
            f.write(data)
    else:
        with open(path, 'wb') as f:
            f.write(data)


JSON_NUMBER = {'id', 'shifted', 'scaled', 'unchanged', 'heavy', 'ties', 'few', 'constant', INCOME, HOSTILE,
               'new_feature'}


def write_jsonl(path, cols):
    """The same rows as JSON Lines; a missing cell is null in even rows and an absent key in odd rows."""
    names = list(cols)
    n = len(cols[names[0]])
    lines = []
    for i in range(n):
        parts = []
        for c in names:
            text = cols[c][i]
            if text == '':
                if i % 2 == 0:
                    parts.append('%s:null' % json.dumps(c))
                continue
            if c == 'active':
                value = text  # true / false: JSON booleans
            elif c in JSON_NUMBER or (c == 'mixed' and text != 'n/a'):
                value = text
            else:
                value = json.dumps(text)
            parts.append('%s:%s' % (json.dumps(c), value))
        lines.append('{' + ','.join(parts) + '}')
    data = ('\n'.join(lines) + '\n').encode()
    with open(path, 'wb') as raw, gzip.GzipFile(fileobj=raw, mode='wb', mtime=0, filename='') as f:
        f.write(data)


# ---------------------------------------------------------------------------------------------------
# The statistics, from the cells as mlgate reads them.
def numeric_cells(cells):
    values, missing, nan, inf = [], 0, 0, 0
    for t in cells:
        if t == '':
            missing += 1
        elif t.lower() == 'nan':
            nan += 1
        elif t.lower() in ('inf', '-inf', '+inf', 'infinity', '-infinity'):
            inf += 1
        else:
            values.append(float(t))
    return np.sort(np.array(values, dtype=np.float64)), missing, nan, inf


def js_number_text(v):
    """JavaScript's String(v) for the values the fixtures hold (integers, or short decimals)."""
    if float(v).is_integer():
        return str(int(v))
    return repr(float(v))


def decile_bins(a, b):
    edges = np.unique(np.percentile(a, DECILES))
    counts = []
    for x in (a, b):
        at_most = np.searchsorted(x, edges, side='right')
        counts.append([int(c) for c in np.diff(np.concatenate(([0], at_most, [len(x)])))])
    return edges, counts[0], counts[1]


def psi(rc, cc):
    r = np.asarray(rc, dtype=np.float64) / np.sum(rc)
    c = np.asarray(cc, dtype=np.float64) / np.sum(cc)
    np.place(r, r == 0, EMPTY)
    np.place(c, c == 0, EMPTY)
    return float(np.sum((c - r) * np.log(c / r)))


def category_stats(ref_counts, cur_counts):
    """chi2 / z / PSI / JS / total variation over the union of the categories, sorted by code point."""
    cats = sorted(set(k for k, v in ref_counts.items() if v > 0) | set(k for k, v in cur_counts.items() if v > 0))
    rc = [ref_counts.get(c, 0) for c in cats]
    cc = [cur_counts.get(c, 0) for c in cats]
    n_ref, n_cur = sum(rc), sum(cc)
    out = {'categories': cats, 'reference': rc, 'current': cc, 'n_reference': n_ref, 'n_current': n_cur,
           'chi2': None, 'z': None, 'psi': None, 'jensen_shannon': None, 'total_variation': None}
    if n_ref == 0 or n_cur == 0:
        return out
    if len(cats) >= 2:
        stat, p, dof, _ = stats.chi2_contingency(np.array([rc, cc]))
        out['chi2'] = {'statistic': float(stat), 'p_value': float(p), 'dof': int(dof)}
    if len(cats) == 2:
        x_ref, x_cur = rc[1], cc[1]
        pooled = (x_ref + x_cur) / (n_ref + n_cur)
        z = (x_ref / n_ref - x_cur / n_cur) / np.sqrt(pooled * (1 - pooled) * (1.0 / n_ref + 1.0 / n_cur))
        out['z'] = {'statistic': float(z), 'p_value': float(2 * stats.norm.sf(abs(z))), 'category': cats[1]}
    out['psi'] = psi(rc, cc)
    p_ref, p_cur = np.array(rc) / n_ref, np.array(cc) / n_cur
    out['jensen_shannon'] = float(jensenshannon(p_ref, p_cur, base=2))
    out['total_variation'] = float(np.sum(np.abs(p_ref - p_cur)) / 2)
    return out


def share(part, whole):
    return 0.0 if whole == 0 else part / whole


def numeric_column(ref_cells, cur_cells):
    a, ref_missing, ref_nan, ref_inf = numeric_cells(ref_cells)
    b, cur_missing, cur_nan, cur_inf = numeric_cells(cur_cells)
    nf_ref, nf_cur = share(ref_missing, len(ref_cells)), share(cur_missing, len(cur_cells))
    col = {
        'type': 'numeric',
        'n_reference': len(a),
        'n_current': len(b),
        'quality': {
            'null_fraction': {'reference': nf_ref, 'current': nf_cur, 'change': nf_cur - nf_ref},
            'nan': {'reference': ref_nan, 'current': cur_nan},
            'infinite': {'reference': ref_inf, 'current': cur_inf},
            'constant': {'reference': bool(len(a) and a[0] == a[-1]), 'current': bool(len(b) and b[0] == b[-1])},
        },
    }
    if len(a) and len(b):
        below, above = int(np.sum(b < a[0])), int(np.sum(b > a[-1]))
        col['quality']['out_of_range'] = {'below': below, 'above': above, 'share': (below + above) / len(b),
                                         'reference_min': float(a[0]), 'reference_max': float(a[-1])}
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', RuntimeWarning)
            ks = stats.ks_2samp(a, b, method='auto')
        w = float(stats.wasserstein_distance(a, b))
        std = float(np.std(a))
        edges, rc, cc = decile_bins(a, b)
        col.update({
            'ks': {'statistic': float(ks.statistic), 'p_value': float(ks.pvalue), 'method': ks_method(a, b, raw_d(a, b))},
            'wasserstein': w,
            'wasserstein_normed': w / std if std > 0 else None,
            'psi': psi(rc, cc),
            'jensen_shannon': float(jensenshannon(np.array(rc) / len(a), np.array(cc) / len(b), base=2)),
            'histogram': {'edges': [float(e) for e in edges], 'reference': rc, 'current': cc},
        })
    else:
        col.update({'ks': None, 'wasserstein': None, 'wasserstein_normed': None, 'psi': None,
                    'jensen_shannon': None})
    distinct = set(a.tolist()) | set(b.tolist())
    if len(distinct) <= MAX_NUMERIC_CATEGORIES:
        ref_counts, cur_counts = {}, {}
        for x, counts in ((a, ref_counts), (b, cur_counts)):
            for v in x.tolist():
                counts[js_number_text(v)] = counts.get(js_number_text(v), 0) + 1
        cat = category_stats(ref_counts, cur_counts)
        col['tested_as'] = 'categories'
        col['chi2'], col['z'], col['total_variation'] = cat['chi2'], cat['z'], cat['total_variation']
        # Not a drift.json key: what Evidently's test of the categories gives (the score expected below).
        col['categories'] = {k: cat[k] for k in ('categories', 'reference', 'current', 'psi', 'jensen_shannon')}
        col['distinct'] = len(distinct)
    else:
        col['chi2'], col['z'] = None, None
        col['distinct'] = None
    return col


def categorical_column(ref_cells, cur_cells):
    ref_counts, cur_counts = {}, {}
    for cells, counts in ((ref_cells, ref_counts), (cur_cells, cur_counts)):
        for t in cells:
            if t != '':
                counts[t] = counts.get(t, 0) + 1
    cat = category_stats(ref_counts, cur_counts)
    ref_missing = sum(1 for t in ref_cells if t == '')
    cur_missing = sum(1 for t in cur_cells if t == '')
    nf_ref, nf_cur = share(ref_missing, len(ref_cells)), share(cur_missing, len(cur_cells))
    col = {
        'type': 'categorical',
        'n_reference': cat['n_reference'],
        'n_current': cat['n_current'],
        'ks': None, 'wasserstein': None, 'wasserstein_normed': None,
        'psi': cat['psi'], 'jensen_shannon': cat['jensen_shannon'],
        'chi2': cat['chi2'], 'z': cat['z'], 'total_variation': cat['total_variation'],
        'histogram': {'categories': cat['categories'], 'reference': cat['reference'], 'current': cat['current']},
        'quality': {
            'null_fraction': {'reference': nf_ref, 'current': nf_cur, 'change': nf_cur - nf_ref},
            'nan': {'reference': 0, 'current': 0},
            'infinite': {'reference': 0, 'current': 0},
            'constant': {'reference': len(ref_counts) == 1, 'current': len(cur_counts) == 1},
        },
        'distinct': len(cat['categories']),
    }
    fresh = [c for c, r in zip(cat['categories'], cat['reference']) if r == 0]
    if fresh:
        count = sum(cur_counts[c] for c in fresh)
        col['quality']['new_categories'] = {'values': fresh[:20], 'count': len(fresh),
                                            'share': share(count, cat['n_current'])}
    return col


# ---------------------------------------------------------------------------------------------------
# The decision, from the numbers above, as decide.ts documents it.
def default_method(col, policy):
    small = col['n_reference'] <= policy['small_sample']
    if col['type'] == 'categorical' or col.get('tested_as') == 'categories':
        return ('chi2' if col['distinct'] > 2 else 'z') if small else 'jensen_shannon'
    return 'ks' if small else 'wasserstein'


def column_score(col, method):
    """(score, effect) of a method; score None when it cannot be computed."""
    categories = col.get('categories')  # a numeric column tested as categories
    if method == 'ks':
        return (col['ks'] or {}).get('p_value'), (col['ks'] or {}).get('statistic')
    if method == 'wasserstein':
        return col['wasserstein_normed'], None
    if method in ('psi', 'jensen_shannon'):
        return (categories[method] if categories else col[method]), None
    if method in ('chi2', 'z'):
        return (col[method] or {}).get('p_value'), col['total_variation']
    raise ValueError(method)


def bh(p):
    """Benjamini-Hochberg step-up: descending p, running min of m / rank * p, capped at 1."""
    p = np.asarray(p, dtype=np.float64)
    m = len(p)
    order = np.argsort(-p, kind='stable')
    q = np.minimum.accumulate(m / (m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(1, q)
    return out


def decide(columns, policy):
    """Per column: method, score, threshold, p_value_adjusted, drifted; and the dataset verdict."""
    out = {}
    for name, col in columns.items():
        override = policy['methods'].get(name)
        method = override['method'] if override else default_method(col, policy)
        if override and 'threshold' in override:
            threshold = override['threshold']
        else:
            threshold = policy['alpha'] if method in ('ks', 'chi2', 'z') else policy['thresholds'][method]
        q = col['quality']
        same_constant = q['constant']['reference'] and q['constant']['current'] and (
            len(col['histogram']['categories']) == 1 if col['type'] == 'categorical'
            else q['out_of_range']['below'] + q['out_of_range']['above'] == 0)
        if col['n_reference'] < policy['min_values'] or col['n_current'] < policy['min_values']:
            score, effect = None, None
        elif same_constant:
            # One and the same value on both sides: not tested, at any sample size (the job's rule).
            score, effect = None, None
        else:
            score, effect = column_score(col, method)
        out[name] = {'method': method, 'score': score, 'effect': effect, 'threshold': threshold}
    family = [n for n, d in out.items() if d['method'] in ('ks', 'chi2', 'z') and d['score'] is not None]
    raw = [out[n]['score'] for n in family]
    if policy['correction'] == 'benjamini-hochberg':
        adjusted = bh(raw) if raw else []
    elif policy['correction'] == 'bonferroni':
        adjusted = np.minimum(1, len(raw) * np.asarray(raw, dtype=np.float64))
    else:
        adjusted = raw
    adjusted_by = {n: float(v) for n, v in zip(family, adjusted)}
    tested, drifted = [], []
    for name, d in out.items():
        if d['method'] in ('ks', 'chi2', 'z'):
            d['p_value_adjusted'] = adjusted_by.get(name)
        if d['score'] is None:
            d['drifted'] = False
        elif d['method'] in ('ks', 'chi2', 'z'):
            d['drifted'] = bool(adjusted_by[name] < d['threshold'] and d['effect'] is not None
                                and d['effect'] >= policy['min_effect'])
        else:
            d['drifted'] = bool(d['score'] >= d['threshold'])
        del d['effect']
        if d['score'] is not None:
            tested.append(name)
            if d['drifted']:
                drifted.append(name)
    drifted_share = len(drifted) / len(tested) if tested else 0.0
    dataset = {
        'dataset_drift': bool(tested and drifted_share >= policy['drift_share']),
        'tested': len(tested),
        'drifted': len(drifted),
        'drifted_share': drifted_share,
        'drifted_columns': drifted,
    }
    return {'columns': out, 'dataset': dataset}


# ---------------------------------------------------------------------------------------------------
NOT_TESTED_BY_KIND = {
    'mixed': 'holds numbers and text in the current data',
    'type_flip': 'reads as numeric in the reference and as categorical in the current data',
    'legacy': 'only in the reference data',
    'new_feature': 'only in the current data',
    'late_text': 'holds numbers and text ("oops" in large/reference.csv.gz, row 4500)',
}
CATEGORICAL = {'color', 'subscribed', 'active'}


def build_columns(ref, cur, only=None, exclude=(), numeric=(), categorical=()):
    columns, not_tested = {}, {}
    for name in ref:
        if (only is not None and name not in only) or name in exclude:
            continue
        if name not in cur:
            not_tested[name] = NOT_TESTED_BY_KIND[name]
            continue
        if name in categorical or (name in CATEGORICAL and name not in numeric):
            columns[name] = categorical_column(ref[name], cur[name])
        elif name in NOT_TESTED_BY_KIND:
            not_tested[name] = NOT_TESTED_BY_KIND[name]
        else:
            columns[name] = numeric_column(ref[name], cur[name])
    for name in cur:
        if name not in ref and (only is None or name in only) and name not in exclude:
            not_tested[name] = NOT_TESTED_BY_KIND[name]
    return columns, not_tested


def policy_with(**changes):
    p = json.loads(json.dumps(POLICY))
    p.update(changes)
    return p


def fixture(size, n_ref, n_cur, seed):
    rng = np.random.default_rng(seed)
    ref = side(rng, n_ref, False, size, 0)
    cur = side(rng, n_cur, True, size, n_ref)
    ext = '.csv.gz' if size == 'large' else '.csv'
    os.makedirs(os.path.join(OUT, size), exist_ok=True)
    write_csv(os.path.join(OUT, size, 'reference' + ext), ref)
    write_csv(os.path.join(OUT, size, 'current' + ext), cur)
    if size == 'small':
        write_jsonl(os.path.join(OUT, size, 'current.jsonl.gz'), cur)
    columns, not_tested = build_columns(ref, cur)
    variants = {'default': {'flags': [], **decide(columns, POLICY)}}
    if size == 'small':
        variants['bonferroni'] = {'flags': ['--correction', 'bonferroni'],
                                  **decide(columns, policy_with(correction='bonferroni'))}
        variants['none'] = {'flags': ['--correction', 'none'], **decide(columns, policy_with(correction='none'))}
        methods = {'shifted': {'method': 'psi', 'threshold': 0.2},
                   'color': {'method': 'jensen_shannon', 'threshold': 0.05},
                   'few': {'method': 'ks'},
                   'subscribed': {'method': 'chi2', 'threshold': 0.01}}
        variants['methods'] = {
            'flags': ['--method', 'shifted=psi:0.2', '--method', 'color=jensen_shannon:0.05',
                      '--method', 'few=ks', '--method', 'subscribed=chi2:0.01'],
            **decide(columns, policy_with(methods=methods))}
        variants['min_values'] = {'flags': ['--min-values', '580'], **decide(columns, policy_with(min_values=580))}
        variants['alpha_share'] = {'flags': ['--alpha', '0.001', '--drift-share', '0.75', '--min-effect', '0.1'],
                                   **decide(columns, policy_with(alpha=0.001, drift_share=0.75, min_effect=0.1))}
        # Column selection and type overrides change the set of columns (and their statistics).
        for key, flags, kwargs in (
            ('exclude', ['--exclude', 'id,' + INCOME], {'exclude': ('id', INCOME)}),
            ('columns', ['--columns', 'shifted,color,legacy,' + HOSTILE], {'only': ('shifted', 'color', 'legacy', HOSTILE)}),
            ('categorical', ['--categorical', 'ties,type_flip,mixed'], {'categorical': ('ties', 'type_flip', 'mixed')}),
        ):
            cols, nt = build_columns(ref, cur, **kwargs)
            variants[key] = {'flags': flags, 'not_tested': nt, **decide(cols, POLICY)}
            # Statistics that differ from the default run's: the columns read as categories.
            variants[key]['statistics'] = {n: cols[n] for n in kwargs.get('categorical', ())}
    else:
        # The few-valued column is left out here: how a distance judges it has its own test.
        cols, nt = build_columns(ref, cur, exclude=('few',))
        thresholds = {'wasserstein': 0.45, 'psi': 0.1, 'jensen_shannon': 0.2}
        variants['thresholds'] = {
            'flags': ['--threshold', 'wasserstein=0.45', '--threshold', 'jensen_shannon=0.2', '--exclude', 'few'],
            'not_tested': nt, **decide(cols, policy_with(thresholds=thresholds))}
        # p-value tests on 5000 reference rows (KS still exact: both sides at most 10 000).
        variants['small_sample'] = {'flags': ['--small-sample', '5000'],
                                    **decide(columns, policy_with(small_sample=5000))}
    return {
        'files': {'reference': '%s/reference%s' % (size, ext), 'current': '%s/current%s' % (size, ext)},
        'rows': {'reference': n_ref, 'current': n_cur},
        'columns': columns,
        'not_tested': not_tested,
        'variants': variants,
    }


def min_effect_case():
    ref_spec = {'kind': 'normal4', 'n': 200000, 'seed': 6101, 'scale': 20.0, 'loc': 100.0}
    cur_spec = {'kind': 'normal4', 'n': 200000, 'seed': 6102, 'scale': 20.0, 'loc': 101.0}
    a, b = np.sort(draw(ref_spec)), np.sort(draw(cur_spec))
    ks = stats.ks_2samp(a, b, method='auto')
    w = float(stats.wasserstein_distance(a, b))
    assert ks.statistic < 0.05 and ks.pvalue < 1e-20, ks
    return {
        'reference': {'generate': ref_spec, 'check': {'sum': math.fsum(a.tolist())}},
        'current': {'generate': cur_spec, 'check': {'sum': math.fsum(b.tolist())}},
        'ks': {'statistic': float(ks.statistic), 'p_value': float(ks.pvalue), 'method': 'asymptotic'},
        'wasserstein': w,
        'wasserstein_normed': w / float(np.std(a)),
    }


def clean(o):
    """numpy scalars → Python; NaN must never be expected."""
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [clean(v) for v in o]
    if isinstance(o, (np.floating, float)):
        assert math.isfinite(o), o
        return float(o)
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, np.bool_):
        return bool(o)
    return o


def main():
    expected = {
        'scipy': scipy.__version__,
        'numpy': np.__version__,
        'policy': POLICY,
        'small': fixture('small', 800, 600, 20240601),
        'large': fixture('large', 5000, 3000, 20240602),
        'min_effect': min_effect_case(),
    }
    path = os.path.join(OUT, 'expected.json')
    with open(path, 'w') as f:
        json.dump(clean(expected), f, indent=1, allow_nan=False)
        f.write('\n')
    for root, _, files in os.walk(OUT):
        for name in sorted(files):
            p = os.path.join(root, name)
            print(p, os.path.getsize(p), 'bytes')
    for size in ('small', 'large'):
        for key, v in expected[size]['variants'].items():
            print(size, key, v['dataset'])


if __name__ == '__main__':
    main()
