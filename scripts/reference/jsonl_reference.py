#!/usr/bin/python3
"""Reference numbers for the JSON Lines reader on real data, computed by pandas (Debian's /usr/bin/python3).

Writes test/fixtures/data/jsonl/penguins.jsonl (vega-datasets' penguins.json, one object per line, keys
and values as in the source) and test/fixtures/data/jsonl/penguins-reference.json: pandas' row count,
column order, per-column null counts and the means of the numeric columns, as `pd.read_json(lines=True)`
reads the JSON Lines file. Run from the repository root:
    /usr/bin/python3 scripts/reference/jsonl_reference.py
"""
import json
import os

import pandas as pd

SOURCE = os.path.join('node_modules', 'vega-datasets', 'data', 'penguins.json')
OUT = os.path.join('test', 'fixtures', 'data', 'jsonl')


def main():
    with open(SOURCE, encoding='utf-8') as f:
        rows = json.load(f)
    path = os.path.join(OUT, 'penguins.jsonl')
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + '\n')

    df = pd.read_json(path, lines=True)
    numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
    reference = {
        'rows': int(len(df)),
        'columns': list(df.columns),
        'null_counts': {c: int(df[c].isna().sum()) for c in df.columns},
        'means': {c: float(df[c].mean()) for c in numeric},
        'value_counts': {'Species': {k: int(v) for k, v in df['Species'].value_counts().sort_index().items()}},
    }
    with open(os.path.join(OUT, 'penguins-reference.json'), 'w', encoding='utf-8') as f:
        json.dump(reference, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
