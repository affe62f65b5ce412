import type { ValidateFunction } from 'ajv';

/** Standalone ajv validators of the published config schemas, by schema URI (`$id` or `$id#/pointer`). */
export declare const validatorsByUri: Readonly<Record<string, ValidateFunction>>;
