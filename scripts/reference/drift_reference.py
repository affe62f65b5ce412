#!/usr/bin/python3
"""Reference values for src/core/drift, computed by scipy 1.10.1 / numpy (Debian's /usr/bin/python3).

Writes test/fixtures/drift/*.json:
  numeric.json      column pairs (small samples with the exact KS p-value, with and without ties, equal
                    and unequal sizes, the 10 000 / 10 001 switch, large asymptotic samples, identical and
                    disjoint samples, integers with many ties, shifted/scaled normals, heavy tails, a constant
                    reference, a scikit-learn dataset) with scipy's ks_2samp, wasserstein_distance, np.std and
                    the numpy PSI / jensenshannon on the decile bins
  categorical.json  2 x K tables: chi2_contingency (Yates at dof 1, dof > 1, the asymptotic igamc regimes),
                    the two-proportion z-test via scipy.stats.norm, PSI and Jensen-Shannon over the union
  special.json      chi2.sf, norm.sf (far tails), kstwo.sf on a grid covering every branch of _kolmogn,
                    special.smirnov
  multiple_testing.json  Benjamini-Hochberg / Bonferroni in numpy, with the Benjamini & Hochberg (1995)
                    example checked against its published adjusted values
Samples too large to store are drawn from xoshiro128** (seeded by splitmix32, the port of
src/core/metrics/prng.ts in metrics_reference.py) with exact arithmetic only (sums of k / 2^32, one correctly rounded multiply,
add or divide per step), so the tests redraw them bit for bit; the fixture keeps a checksum of each.
Floats are written with repr (json does), so they round-trip. Run from the repository root:
    /usr/bin/python3 scripts/reference/drift_reference.py
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon
from scipy.stats._stats_py import _attempt_exact_2kssamp
from sklearn import datasets

OUT = os.path.join('test', 'fixtures', 'drift')
assert scipy.__version__ == '1.10.1', scipy.__version__

# ---------------------------------------------------------------------------------------------------
# The seeded generator the tests redraw from.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from metrics_reference import Xoshiro128 as MetricsXoshiro128  # noqa: E402  (one port of prng.ts)


class Xoshiro128(MetricsXoshiro128):
    """The metrics' generator, with uniform draws in [0, 1) as generate.ts takes them."""

    def u(self):
        return self.next() / 4294967296.0


def draw(spec):
    """Values of a generator spec; test/unit/drift/generate.ts draws the same, operation for operation."""
    r = Xoshiro128(spec['seed'])
    kind, n = spec['kind'], spec['n']
    scale, loc = spec.get('scale', 1.0), spec.get('loc', 0.0)
    out = []
    for _ in range(n):
        if kind == 'uniform':
            v = r.u() * scale + loc
        elif kind == 'normal4':  # Irwin-Hall(4) - 2: bell-shaped, exact sums of k / 2^32
            v = (r.u() + r.u() + r.u() + r.u() - 2) * scale + loc
        elif kind == 'heavy':  # ratio of uniforms: Cauchy-like tails
            v = (r.u() - 0.5) / (r.u() + 2.0 ** -33) * scale + loc
        elif kind == 'integers':  # floor(u * levels): many ties
            v = math.floor(r.u() * spec['levels']) * scale + loc
        elif kind == 'constant':
            v = loc
        else:
            raise ValueError(kind)
        out.append(v)
    return np.array(out, dtype=np.float64)


def checksum(values):
    return {'first': [float(v) for v in values[:3]], 'sum': math.fsum(values.tolist())}


# ---------------------------------------------------------------------------------------------------
# Numeric columns.
DECILES = np.arange(10, 100, 10)
EMPTY = 1e-4


def psi_numpy(ref_counts, cur_counts):
    """PSI as psi.ts: proportions per side, exactly-0 proportions replaced by 1e-4, sum (c - r) ln(c / r)."""
    r = np.asarray(ref_counts, dtype=np.float64) / np.sum(ref_counts)
    c = np.asarray(cur_counts, dtype=np.float64) / np.sum(cur_counts)
    np.place(r, r == 0, EMPTY)
    np.place(c, c == 0, EMPTY)
    return float(np.sum((c - r) * np.log(c / r)))


def decile_bins(ref, cur):
    edges = np.unique(np.percentile(ref, DECILES))
    counts = []
    for x in (np.sort(ref), np.sort(cur)):
        at_most = np.searchsorted(x, edges, side='right')
        counts.append(np.diff(np.concatenate(([0], at_most, [len(x)]))).tolist())
    return edges, counts[0], counts[1]


def ks_method(ref, cur, d_raw):
    """'exact' when ks_2samp(method='auto') used the exact p-value (it also rounds D to h / lcm)."""
    n1, n2 = len(ref), len(cur)
    if max(n1, n2) > 10000:
        return 'asymptotic'
    g = math.gcd(n1, n2)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        success, _, _ = _attempt_exact_2kssamp(n1, n2, g, d_raw, 'two-sided')
    return 'exact' if success else 'asymptotic'


def raw_d(ref, cur):
    data1, data2 = np.sort(ref), np.sort(cur)
    data_all = np.concatenate([data1, data2])
    cdf1 = np.searchsorted(data1, data_all, side='right') / len(data1)
    cdf2 = np.searchsorted(data2, data_all, side='right') / len(data2)
    cddiffs = cdf1 - cdf2
    min_s = np.clip(-np.min(cddiffs), 0, 1)
    max_s = np.max(cddiffs)
    return min_s if min_s > max_s else max_s


def numeric_case(name, ref, cur, ref_spec=None, cur_spec=None):
    with warnings.catch_warnings():
        # 'Exact calculation unsuccessful. Switching to method=asymp.': one case is there for that.
        warnings.simplefilter('ignore', RuntimeWarning)
        ks = stats.ks_2samp(ref, cur, method='auto')
    w = stats.wasserstein_distance(ref, cur)
    std = float(np.std(ref))
    edges, rc, cc = decile_bins(ref, cur)
    js = jensenshannon(np.array(rc) / len(ref), np.array(cc) / len(cur), base=2)
    case = {
        'name': name,
        'n_reference': len(ref),
        'n_current': len(cur),
        'expected': {
            'ks_statistic': float(ks.statistic),
            'ks_p_value': float(ks.pvalue),
            'ks_method': ks_method(ref, cur, raw_d(ref, cur)),
            'wasserstein': float(w),
            'reference_std': std,
            'wasserstein_normed': float(w / std) if std > 0 else None,
            'edges': [float(e) for e in edges],
            'reference_counts': rc,
            'current_counts': cc,
            'psi': psi_numpy(rc, cc),
            'jensen_shannon': float(js),
        },
    }
    for side, values, spec in (('reference', ref, ref_spec), ('current', cur, cur_spec)):
        if spec is None:
            case[side] = [float(v) for v in values]
        else:
            case[side] = {'generate': spec, 'check': checksum(values)}
    return case


def generated(name, ref_spec, cur_spec):
    return numeric_case(name, draw(ref_spec), draw(cur_spec), ref_spec, cur_spec)


def numeric_cases():
    rng = np.random.default_rng(20240611)
    cases = []
    # Small samples, stored: the exact p-value.
    cases.append(numeric_case('normal 5 vs 7', rng.normal(size=5), rng.normal(0.8, 1, size=7)))
    cases.append(numeric_case('normal 8 vs 8 (equal sizes)', rng.normal(size=8), rng.normal(0.5, 1, size=8)))
    cases.append(numeric_case('normal 20 vs 33', rng.normal(size=20), rng.normal(0.3, 1.5, size=33)))
    cases.append(numeric_case('normal 60 vs 45 shifted', rng.normal(size=60), rng.normal(1.0, 1, size=45)))
    same = rng.normal(size=40)
    cases.append(numeric_case('identical samples 40 vs 40', same, same.copy()))
    cases.append(numeric_case('disjoint 30 vs 50', np.arange(30.0), 1000 + np.arange(50.0)))
    cases.append(numeric_case('integers with ties 30 vs 45', rng.integers(0, 6, 30) * 1.0,
                              rng.integers(0, 7, 45) * 1.0))
    cases.append(numeric_case('decimals with ties across samples 25 vs 25',
                              np.round(rng.normal(size=25), 1), np.round(rng.normal(0.2, 1, size=25), 1)))
    # n1 = n2 = 5 with D = 1/5: the exact formula gives 1.0000000000000002, scipy falls back to asymptotic.
    cases.append(numeric_case('exact out of range: equal sizes, D = 1/n',
                              np.array([1.0, 2, 3, 4, 5]), np.array([1.5, 2.5, 3.5, 4.5, 5.5])))
    cases.append(numeric_case('one value each', np.array([0.5]), np.array([0.25])))
    cases.append(numeric_case('negative zero and zero', np.array([-0.0, 0.0, 1.0, -1.0]),
                              np.array([0.0, 0.0, -0.0, 2.0, -3.0])))
    # A real column: breast cancer 'mean radius', first 284 rows against the rest (ties, exact p).
    radius = datasets.load_breast_cancer().data[:, 0]
    cases.append(numeric_case('breast cancer mean radius 284 vs 285', radius[:284], radius[284:]))
    # Constant reference: one cut point, std 0.
    cases.append(generated('constant reference 500 vs 400',
                           {'kind': 'constant', 'n': 500, 'seed': 1, 'loc': 3.0},
                           {'kind': 'normal4', 'n': 400, 'seed': 2, 'scale': 0.5, 'loc': 3.0}))
    cases.append(generated('constant both sides, same value',
                           {'kind': 'constant', 'n': 300, 'seed': 1, 'loc': -2.5},
                           {'kind': 'constant', 'n': 200, 'seed': 1, 'loc': -2.5}))
    # Exact path, generated.
    cases.append(generated('normal4 200 vs 150',
                           {'kind': 'normal4', 'n': 200, 'seed': 11},
                           {'kind': 'normal4', 'n': 150, 'seed': 12, 'loc': 0.1}))
    cases.append(generated('normal4 200 vs 200 scaled',
                           {'kind': 'normal4', 'n': 200, 'seed': 13},
                           {'kind': 'normal4', 'n': 200, 'seed': 14, 'scale': 1.3}))
    cases.append(generated('uniform 1000 vs 3000 disjoint-ish',
                           {'kind': 'uniform', 'n': 1000, 'seed': 15},
                           {'kind': 'uniform', 'n': 3000, 'seed': 16, 'loc': 0.6}))
    # Around scipy's switch at 10 000.
    cases.append(generated('10000 vs 10000 (exact, equal sizes)',
                           {'kind': 'normal4', 'n': 10000, 'seed': 21},
                           {'kind': 'normal4', 'n': 10000, 'seed': 22, 'loc': 0.02}))
    cases.append(generated('10000 vs 9000 (exact, gcd 1000)',
                           {'kind': 'normal4', 'n': 10000, 'seed': 23},
                           {'kind': 'normal4', 'n': 9000, 'seed': 24, 'scale': 1.05}))
    cases.append(generated('10000 vs 7919 (exact, gcd 1)',
                           {'kind': 'normal4', 'n': 10000, 'seed': 25},
                           {'kind': 'normal4', 'n': 7919, 'seed': 26, 'loc': 0.03}))
    cases.append(generated('10001 vs 10000 (asymptotic)',
                           {'kind': 'normal4', 'n': 10001, 'seed': 27},
                           {'kind': 'normal4', 'n': 10000, 'seed': 28, 'loc': 0.02}))
    cases.append(generated('10001 vs 9000 (asymptotic)',
                           {'kind': 'normal4', 'n': 10001, 'seed': 29},
                           {'kind': 'normal4', 'n': 9000, 'seed': 30, 'loc': 0.1}))
    # Large, asymptotic.
    cases.append(generated('20000 vs 30000 same distribution',
                           {'kind': 'normal4', 'n': 20000, 'seed': 31},
                           {'kind': 'normal4', 'n': 30000, 'seed': 32}))
    cases.append(generated('20000 vs 30000 shifted',
                           {'kind': 'normal4', 'n': 20000, 'seed': 33},
                           {'kind': 'normal4', 'n': 30000, 'seed': 34, 'loc': 0.02}))
    cases.append(generated('20000 vs 30000 far apart (p near 1e-300)',
                           {'kind': 'normal4', 'n': 20000, 'seed': 35},
                           {'kind': 'normal4', 'n': 30000, 'seed': 36, 'loc': 0.26}))
    cases.append(generated('15000 vs 12000 integers with many ties',
                           {'kind': 'integers', 'n': 15000, 'seed': 37, 'levels': 20},
                           {'kind': 'integers', 'n': 12000, 'seed': 38, 'levels': 21}))
    cases.append(generated('3000 vs 4000 heavy tails',
                           {'kind': 'heavy', 'n': 3000, 'seed': 39},
                           {'kind': 'heavy', 'n': 4000, 'seed': 40, 'scale': 1.2}))
    cases.append(generated('30000 vs 25000 heavy tails',
                           {'kind': 'heavy', 'n': 30000, 'seed': 41},
                           {'kind': 'heavy', 'n': 25000, 'seed': 42, 'loc': 0.05}))
    cases.append(generated('12000 vs 100 (small en, n <= 140 branch)',
                           {'kind': 'normal4', 'n': 12000, 'seed': 43},
                           {'kind': 'normal4', 'n': 100, 'seed': 44, 'loc': 0.2}))
    cases.append(generated('40000 vs 40000 scaled normals',
                           {'kind': 'normal4', 'n': 40000, 'seed': 45, 'scale': 2.0, 'loc': -1.0},
                           {'kind': 'normal4', 'n': 40000, 'seed': 46, 'scale': 2.1, 'loc': -1.0}))
    return cases


# ---------------------------------------------------------------------------------------------------
# Categorical columns.
def categorical_case(name, ref_counts, cur_counts):
    categories = sorted(set(k for k, v in ref_counts.items() if v > 0) | set(k for k, v in cur_counts.items() if v > 0))
    rc = [ref_counts.get(c, 0) for c in categories]
    cc = [cur_counts.get(c, 0) for c in categories]
    n_ref, n_cur = sum(rc), sum(cc)
    expected = {'categories': categories, 'reference_counts': rc, 'current_counts': cc}
    if len(categories) >= 2:
        stat, p, dof, _ = stats.chi2_contingency(np.array([rc, cc]))
        expected['chi2'] = {'statistic': float(stat), 'p_value': float(p), 'dof': int(dof)}
    else:
        expected['chi2'] = None
    if len(categories) == 2:
        x_ref, x_cur = rc[1], cc[1]
        pooled = (x_ref + x_cur) / (n_ref + n_cur)
        z = (x_ref / n_ref - x_cur / n_cur) / np.sqrt(pooled * (1 - pooled) * (1.0 / n_ref + 1.0 / n_cur))
        expected['z'] = {'statistic': float(z), 'p_value': float(2 * stats.norm.sf(abs(z))), 'category': categories[1]}
    else:
        expected['z'] = None
    expected['psi'] = psi_numpy(rc, cc)
    expected['jensen_shannon'] = float(jensenshannon(np.array(rc) / n_ref, np.array(cc) / n_cur, base=2))
    return {'name': name, 'reference': ref_counts, 'current': cur_counts, 'expected': expected}


def many_categories(k, seed, shift):
    r = Xoshiro128(seed)
    ref, cur = {}, {}
    for i in range(k):
        name = 'c%03d' % i
        ref[name] = 20 + r.next() % 200
        cur[name] = 20 + r.next() % 200 + (shift if i % 3 == 0 else 0)
    return ref, cur


def categorical_cases():
    cases = [
        categorical_case('dof 1 (Yates)', {'a': 30, 'b': 70}, {'a': 45, 'b': 55}),
        categorical_case('dof 1, correction smaller than 0.5', {'a': 10, 'b': 10}, {'a': 11, 'b': 10}),
        categorical_case('dof 1, identical', {'no': 500, 'yes': 500}, {'no': 250, 'yes': 250}),
        categorical_case('dof 4', {'red': 120, 'green': 80, 'blue': 60, 'black': 30, 'white': 10},
                         {'red': 100, 'green': 95, 'blue': 50, 'black': 40, 'white': 15}),
        categorical_case('a category on each side only', {'a': 50, 'b': 30, 'x': 5}, {'a': 40, 'b': 35, 'y': 12}),
        categorical_case('zero count listed', {'a': 5, 'b': 7, 'zero': 0}, {'a': 9, 'b': 4, 'zero': 0}),
        categorical_case('binary z-test', {'false': 300, 'true': 700}, {'false': 350, 'true': 650}),
        categorical_case('binary z-test, p near 1e-200', {'0': 500000, '1': 500000}, {'0': 485000, '1': 515000}),
        categorical_case('binary, one side one value', {'0': 40, '1': 0}, {'0': 30, '1': 12}),
        categorical_case('one category on both sides', {'only': 40}, {'only': 25}),
    ]
    ref, cur = many_categories(60, 51, 6)
    cases.append(categorical_case('60 categories (Temme expansion, 20 < a < 200)', ref, cur))
    ref, cur = many_categories(450, 52, 3)
    cases.append(categorical_case('450 categories (Temme expansion, a > 200)', ref, cur))
    ref, cur = many_categories(12, 53, 40)
    cases.append(categorical_case('12 categories, clear drift', ref, cur))
    return cases


# ---------------------------------------------------------------------------------------------------
# Special functions.
def special_grid():
    chi2 = []
    for dof in [1, 2, 3, 4, 5, 7, 10, 20, 39, 41, 45, 60, 99, 150, 399, 401, 449, 1000, 5000]:
        for rel in [0.001, 0.01, 0.1, 0.3, 0.5, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.3, 1.5, 2, 3, 5, 10, 30]:
            x = dof * rel
            chi2.append([x, dof, float(stats.chi2.sf(x, dof))])
        for x in [0.0, 1e-8, 0.1, 0.5, 0.9, 1.0, 1.5, 2.0, 2.2, 3.0, 10.0, 100.0, 500.0, 1000.0, 1400.0]:
            chi2.append([x, dof, float(stats.chi2.sf(x, dof))])
    norm = [[float(x), float(stats.norm.sf(x))] for x in np.linspace(-10, 38, 241)]
    norm += [[x, float(stats.norm.sf(x))] for x in [0.0, 1e-10, -1e-10, 0.7071, 0.7072, 1.2, 8.0, 37.5, 38.5]]
    kstwo = []
    rng = np.random.default_rng(3)
    for n in [1, 2, 3, 5, 7, 10, 20, 50, 100, 139, 140, 141, 200, 500, 1000, 5000, 12000, 50000, 100000,
              100001, 250000, 500000]:
        xs = {0.5 / n, 0.75 / n, 1.0 / n, 1.2 / n, 0.5, 0.6, 0.9, 1 - 1.0 / n, 1 - 0.5 / n}
        for z2 in [0.05, 0.3, 0.7, 0.754693, 0.76, 1, 2, 2.19, 2.21, 3, 4, 4.1, 8, 17.9, 18.1, 50, 200, 369, 371]:
            xs.add(float(np.sqrt(z2 / n)))
        for c in [0.5, 1.0, 1.4, 1.5]:
            xs.add(float((c / n) ** (2 / 3)))
        for t in rng.uniform(0, 3, 3):
            xs.add(float(t / np.sqrt(n)))
        for x in sorted(xs):
            if 0 < x < 1:
                kstwo.append([n, x, float(stats.kstwo.sf(x, n))])
    smirnov = []
    for n in [2, 10, 100, 1012, 1013, 12000, 500000, 1000001]:
        for t in [0.3, 1.0, 2.0, 4.0, 8.0]:
            x = float(t / np.sqrt(n))
            if x < 1:
                smirnov.append([n, x, float(scipy.special.smirnov(n, x))])
    return {'chi2_sf': chi2, 'norm_sf': norm, 'kstwo_sf': kstwo, 'smirnov': smirnov, 'numpy_sum': numpy_sums()}


def pairwise(a, lo, n):
    """numpy's pairwise_sum (loops_utils.h.src): blocks of 128 with 8 accumulators, halves in multiples of 8."""
    if n < 8:
        res = 0.0
        for i in range(n):
            res += a[lo + i]
        return res
    if n <= 128:
        r = [a[lo + j] for j in range(8)]
        i = 8
        while i < n - n % 8:
            for j in range(8):
                r[j] += a[lo + i + j]
            i += 8
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n:
            res += a[lo + i]
            i += 1
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return pairwise(a, lo, n2) + pairwise(a, lo + n2, n - n2)


def numpy_sum_order(a):
    """np.sum's order: the reduction's 8192-element buffers summed pairwise, added to a total from 0."""
    total = 0.0
    for start in range(0, len(a), 8192):
        total += pairwise(a, start, min(8192, len(a) - start))
    return total


def numpy_sums():
    rng = np.random.default_rng(11)
    for _ in range(40):  # the order numpy-reduce-sum.ts follows, checked on random lengths
        n = int(rng.integers(1, 200000))
        a = rng.random(n) * 10.0 ** rng.integers(-6, 6, n)
        assert float(np.sum(a)) == numpy_sum_order(a.tolist()), n
    out = []
    for n in [7, 100, 8191, 8192, 8193, 20000, 70001]:
        spec = {'kind': 'heavy', 'n': n, 'seed': 1000 + n}
        values = draw(spec)
        out.append({'generate': spec, 'sum': float(np.sum(values))})
    return out


# ---------------------------------------------------------------------------------------------------
# Multiple testing.
def bh_numpy(p):
    """R's p.adjust(p, 'BH'): descending order, cummin of m / rank * p, capped at 1, back in input order."""
    p = np.asarray(p, dtype=np.float64)
    m = len(p)
    order = np.argsort(-p, kind='stable')
    ranks = m - np.arange(m)
    q = np.minimum.accumulate(m / ranks * p[order])
    out = np.empty(m)
    out[order] = np.minimum(1, q)
    return out


def adjust_with_nulls(p, fn):
    tested = [i for i, v in enumerate(p) if v is not None]
    out = [None] * len(p)
    adjusted = fn([p[i] for i in tested])
    for i, v in zip(tested, adjusted):
        out[i] = float(v)
    return out


def bonferroni_numpy(p):
    return np.minimum(1, len(p) * np.asarray(p, dtype=np.float64))


def multiple_testing():
    # Benjamini & Hochberg (1995), section 3.2: 15 p-values; at q = 0.05 the step-up procedure rejects the
    # four smallest, Bonferroni the three smallest. The adjusted values are the published procedure's
    # (p.adjust(p, "BH") prints them rounded as below).
    textbook = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
                0.5719, 0.6528, 0.7590, 1.000]
    published = [0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714, 0.06385714, 0.0645, 0.0765, 0.486,
                 0.58118182, 0.714875, 0.75323077, 0.81321429, 1.0]
    bh = bh_numpy(textbook)
    assert np.allclose(bh, published, rtol=0, atol=5e-9), bh
    assert int(np.sum(bh <= 0.05)) == 4 and int(np.sum(bonferroni_numpy(textbook) <= 0.05)) == 3
    rng = np.random.default_rng(7)
    random_p = [float(v) for v in rng.uniform(0, 0.2, 25)] + [1e-300, 0.0, 1.0, 0.03, 0.03]
    with_nulls = [0.04, None, 0.001, 0.3, None, 0.049, 0.02, 1e-12, None, 0.8]
    cases = []
    for name, p in (('Benjamini & Hochberg 1995', textbook), ('random with ties and extremes', random_p),
                    ('nulls are not counted', with_nulls)):
        cases.append({
            'name': name,
            'p_values': p,
            'bh': adjust_with_nulls(p, bh_numpy),
            'bonferroni': adjust_with_nulls(p, bonferroni_numpy),
        })
    return {'published_bh': published, 'cases': cases}


def main():
    os.makedirs(OUT, exist_ok=True)
    outputs = {
        'numeric.json': {'cases': numeric_cases()},
        'categorical.json': {'cases': categorical_cases()},
        'special.json': special_grid(),
        'multiple_testing.json': multiple_testing(),
    }
    for name, content in outputs.items():
        with open(os.path.join(OUT, name), 'w') as f:
            json.dump(content, f, separators=(',', ':'))
            f.write('\n')
        print(name, os.path.getsize(os.path.join(OUT, name)), 'bytes')


if __name__ == '__main__':
    main()
