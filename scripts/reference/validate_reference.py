#!/usr/bin/python3
"""Reference numbers for the validation checks, computed by numpy/pandas (Debian's /usr/bin/python3).

Writes test/fixtures/validate/measures.csv (deterministic data with missing cells and NaN text) and
test/fixtures/validate/reference.json: numpy quantiles (default 'linear' method) and means of the
non-missing values of each numeric column, plus pandas' missing fractions. Run from the repository root:
    /usr/bin/python3 scripts/reference/validate_reference.py
"""
import json
import math
import os

import numpy as np
import pandas as pd

OUT = os.path.join('test', 'fixtures', 'validate')
QUANTILES = [0, 0.01, 0.1, 0.25, 1 / 3, 0.5, 0.75, 0.9, 0.95, 0.99, 1]


def make_csv(path):
    rng = np.random.RandomState(20240601)
    n = 2001
    normal = rng.normal(50.0, 1000.0, n)
    ints = rng.randint(-500, 500, n)
    # Large and small magnitudes together: a naive running sum loses the small ones.
    spread = np.where(rng.rand(n) < 0.5, 1e15, 1e-3) * rng.rand(n)
    lines = ['id,normal,ints,spread,label']
    for i in range(n):
        cells = [str(i + 1), repr(float(normal[i])), str(int(ints[i])), repr(float(spread[i])), 'abc'[i % 3]]
        if i % 97 == 5:
            cells[1] = ''
        if i % 101 == 7:
            cells[1] = 'NaN'
        if i % 89 == 3:
            cells[2] = ''
        lines.append(','.join(cells))
    with open(path, 'w', newline='') as f:
        f.write('\n'.join(lines) + '\n')


def main():
    csv_path = os.path.join(OUT, 'measures.csv')
    make_csv(csv_path)
    frame = pd.read_csv(csv_path)
    columns = {}
    for name in ['normal', 'ints', 'spread']:
        values = frame[name].dropna().to_numpy(dtype=np.float64)
        columns[name] = {
            'count': int(values.size),
            'missing_fraction': float(frame[name].isna().mean()),
            'quantiles': [[q, float(np.quantile(values, q))] for q in QUANTILES],
            'numpy_mean': float(np.mean(values)),
            # The correctly rounded sum over the count: what a compensated sum should reach.
            'exact_mean': math.fsum(values.tolist()) / values.size,
        }
    reference = {
        'generator': 'scripts/reference/validate_reference.py',
        'numpy': np.__version__,
        'pandas': pd.__version__,
        'rows': int(len(frame)),
        'columns': columns,
    }
    with open(os.path.join(OUT, 'reference.json'), 'w') as f:
        json.dump(reference, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
