import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateConfigValidators, OUTPUT } from '../../../scripts/generate-config-validators.mjs';
import {
  CHECKS_SCHEMA_ID,
  configSchemas,
  MLGATE_SCHEMA_ID,
} from '../../../src/core/config/config-schemas.js';
import { validatorsByUri } from '../../../src/core/config/generated/config-validators.js';

describe('precompiled config validators', () => {
  it('are up to date with schemas/*.schema.json (else run node scripts/generate-config-validators.mjs)', async () => {
    const committed = readFileSync(new URL(`../../../${OUTPUT}`, import.meta.url), 'utf8');
    expect(committed === (await generateConfigValidators())).toBe(true);
  });

  it('serve the loader, so no schema is compiled at run time', () => {
    expect(configSchemas.validator(MLGATE_SCHEMA_ID)).toBe(validatorsByUri[MLGATE_SCHEMA_ID]);
    expect(configSchemas.validator(CHECKS_SCHEMA_ID)).toBe(validatorsByUri[CHECKS_SCHEMA_ID]);
    const ifUri = `${MLGATE_SCHEMA_ID}#/$defs/check/allOf/0/if`;
    expect(configSchemas.validator(ifUri)).toBe(validatorsByUri[ifUri]);
  });
});
