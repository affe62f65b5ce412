#!/usr/bin/python3
"""Reference values for the CSV reader on real data, read by pandas (Debian's /usr/bin/python3).

For vega-datasets' seattle-weather.csv and stocks.csv writes test/fixtures/data/csv/<name>-reference.json:
pandas' row count, column order and every column in full (numbers as floats, with
float_precision='round_trip' so each is the correctly rounded double, the same as JavaScript's Number();
text as strings; missing cells as null). The CSV reader's test compares its batches cell by cell.
Run from the repository root:
    /usr/bin/python3 scripts/reference/csv_reference.py
"""
import json
import math
import os

import pandas as pd

SOURCES = ['seattle-weather.csv', 'stocks.csv']
DATA = os.path.join('node_modules', 'vega-datasets', 'data')
OUT = os.path.join('test', 'fixtures', 'data', 'csv')


def cell(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, 'item'):
        return value.item()
    return value


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in SOURCES:
        df = pd.read_csv(os.path.join(DATA, name), float_precision='round_trip', keep_default_na=False,
                         na_values=[''])
        reference = {
            'source': f'vega-datasets/data/{name}',
            'rows': int(len(df)),
            'columns': list(df.columns),
            'numeric': [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])],
            'values': {c: [cell(v) for v in df[c].tolist()] for c in df.columns},
        }
        path = os.path.join(OUT, name.replace('.csv', '-reference.json'))
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(reference, f, ensure_ascii=False, separators=(',', ':'))
            f.write('\n')
        print(f'wrote {path}: {reference["rows"]} rows, numeric {reference["numeric"]}')


if __name__ == '__main__':
    main()
