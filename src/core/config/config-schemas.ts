import { Ajv2020 } from 'ajv/dist/2020.js';
import type { AnySchemaObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import mlgateSchema from '../../../schemas/mlgate.schema.json' with { type: 'json' };
import checksSchema from '../../../schemas/checks.schema.json' with { type: 'json' };
import { validatorsByUri } from './generated/config-validators.js';

/** The published schemas' `$id`s (the loader validates with exactly what editors see). */
export const MLGATE_SCHEMA_ID: string = mlgateSchema.$id;
export const CHECKS_SCHEMA_ID: string = checksSchema.$id;

/** ajv options of SchemaSet; the generator adds only standalone-output options to these. */
export const CONFIG_AJV_OPTIONS = {
  strict: true,
  allErrors: true,
  verbose: true,
  allowUnionTypes: true,
} as const;

/**
 * Schemas that refer to each other by `$id`. Validators come precompiled (the published schemas, see
 * scripts/generate-config-validators.mjs) or from one ajv instance compiled on first use. allErrors so
 * one run reports every problem; verbose so each error carries the schema and data its message quotes.
 */
export class SchemaSet {
  private ajv: Ajv2020 | undefined;

  constructor(
    private readonly schemas: readonly AnySchemaObject[],
    private readonly precompiled: Readonly<Record<string, ValidateFunction>> = {},
  ) {}

  /** The validator of a schema or of a JSON pointer inside one (`id#/$defs/x`). */
  validator(uri: string): ValidateFunction {
    const validate = this.precompiled[uri] ?? this.compiler().getSchema(uri);
    if (!validate) throw new Error(`internal error: no schema ${uri}`);
    return validate;
  }

  /** The raw subschema at an absolute URI (`$id` + JSON pointer fragment), or undefined. */
  at(uri: string): unknown {
    const [base, fragment = ''] = uri.split('#');
    let node: unknown = this.schemas.find((s) => s.$id === base);
    if (node === undefined) throw new Error(`internal error: no schema ${base}`);
    for (const raw of fragment.split('/').slice(1)) {
      const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = (node as Record<string, unknown> | undefined)?.[segment];
    }
    return node;
  }

  private compiler(): Ajv2020 {
    if (this.ajv) return this.ajv;
    const ajv = new Ajv2020({ ...CONFIG_AJV_OPTIONS });
    addFormats.default(ajv);
    for (const schema of this.schemas) ajv.addSchema(schema);
    this.ajv = ajv;
    return ajv;
  }
}

/** mlgate.schema.json and checks.schema.json, with their precompiled validators. */
export const configSchemas = new SchemaSet([mlgateSchema, checksSchema], validatorsByUri);
