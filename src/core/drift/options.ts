/** The one-line forms of drift options, shared by the CLI's flags and the action's inputs. */
import { ConfigurationError } from '../errors.js';
import { DRIFT_METHODS, type DriftMethod, type DriftPolicy } from './decide.js';

/** "a, b ,c" → ['a', 'b', 'c']; undefined stays undefined. Names may hold spaces and slashes, not commas. */
export function splitNames(value: string | undefined, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) {
    throw new ConfigurationError(
      `${where}: an empty column name in "${value}"; give names separated by commas`,
    );
  }
  return names;
}

/** "COLUMN=METHOD" or "COLUMN=METHOD:THRESHOLD", one per entry; the column may hold "=" (the last one splits). */
export function parseDriftMethods(entries: readonly string[], where: string): DriftPolicy['methods'] {
  // No prototype: a column may be called "constructor" or "__proto__".
  const methods: DriftPolicy['methods'] = Object.create(null) as DriftPolicy['methods'];
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    const column = at > 0 ? entry.slice(0, at).trim() : '';
    const spec = at > 0 ? entry.slice(at + 1).trim() : '';
    const [method, threshold, ...more] = spec.split(':');
    if (!column || !method || more.length) {
      throw new ConfigurationError(
        `${where}: "${entry}" is not COLUMN=METHOD or COLUMN=METHOD:THRESHOLD (e.g. age=ks or income=psi:0.2)`,
      );
    }
    if (!DRIFT_METHODS.includes(method as DriftMethod)) {
      throw new ConfigurationError(
        `${where}: method "${method}" for column "${column}" is not one of ${DRIFT_METHODS.join(', ')}`,
      );
    }
    if (Object.hasOwn(methods, column))
      throw new ConfigurationError(`${where}: column "${column}" is given twice`);
    const t = threshold === undefined ? undefined : Number(threshold);
    if (t !== undefined && (threshold!.trim() === '' || !Number.isFinite(t) || t < 0)) {
      throw new ConfigurationError(
        `${where}: threshold "${threshold}" for column "${column}" is not a number ≥ 0`,
      );
    }
    methods[column] = { method: method as DriftMethod, ...(t !== undefined ? { threshold: t } : {}) };
  }
  return methods;
}

/** "wasserstein=0.2", "psi=0.25", "jensen_shannon=0.15". */
export function parseDriftThresholds(
  entries: readonly string[],
  where: string,
): Partial<DriftPolicy['thresholds']> {
  const out: Partial<DriftPolicy['thresholds']> = {};
  const names = ['wasserstein', 'psi', 'jensen_shannon'] as const;
  for (const entry of entries) {
    const [name, value, ...more] = entry.split('=').map((s) => s.trim());
    if (!names.includes(name as (typeof names)[number]) || value === undefined || more.length) {
      throw new ConfigurationError(
        `${where}: "${entry}" is not METHOD=VALUE with METHOD one of ${names.join(', ')} (p-value tests use alpha)`,
      );
    }
    const v = Number(value);
    if (value === '' || !Number.isFinite(v) || v < 0) {
      throw new ConfigurationError(`${where}: threshold "${value}" for ${name} is not a number ≥ 0`);
    }
    out[name as (typeof names)[number]] = v;
  }
  return out;
}
