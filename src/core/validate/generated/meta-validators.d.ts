import type { ValidateFunction } from 'ajv';

/** Standalone validators of the JSON Schema meta-schemas (draft 2020-12, draft-07). */
export declare const validate202012: ValidateFunction;
export declare const validate07: ValidateFunction;
