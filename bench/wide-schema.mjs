// The benchmark's 31-property JSON Schema for bench/data/wide-*.csv (30 columns written by
// generate-csv.mjs, plus an optional `comment` the file does not have): type + minimum/maximum on every
// number, enums on the two categoricals, every present column required.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function wideSchema() {
  const properties = { id: { type: 'integer', minimum: 1 } };
  for (let k = 1; k <= 25; k++) {
    properties[`f${String(k).padStart(2, '0')}`] = { type: 'number', minimum: -1000, maximum: 1500 };
  }
  properties.count = { type: 'integer', minimum: 0, maximum: 9999 };
  properties.year = { type: 'integer', minimum: 1990, maximum: 2030 };
  properties.color = { type: 'string', enum: ['red', 'green', 'blue', 'amber', 'violet', 'cyan'] };
  properties.region = {
    type: 'string',
    enum: ['north', 'south', 'east', 'west', 'centre', 'n-east', 'n-west', 's-east', 's-west', 'other'],
  };
  properties.comment = { type: 'string' };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties,
    required: Object.keys(properties).filter((p) => p !== 'comment'),
    additionalProperties: false,
  };
}

export function writeWideSchema(path) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(wideSchema(), null, 2)}\n`);
  return path;
}
