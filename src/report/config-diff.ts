/**
 * Config differences as dotted key paths, like `dvc exp diff`: only what changed from the
 * baseline, so the reader sees what the comparison is actually about.
 */

/** Flatten nested objects to dotted paths; arrays of scalars stay whole (`model.hidden: [64,32]`). */
export function flattenConfig(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(value)) {
    if (value.some((v) => v !== null && typeof v === 'object')) value.forEach((v, i) => flattenConfig(v, `${prefix}[${i}]`, out));
    else out[prefix] = value;
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out[prefix] = value;
    for (const [k, v] of entries) flattenConfig(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out[prefix] = value;
  }
  return out;
}

export interface ConfigChange {
  key: string;
  /** undefined: the key is absent on that side. */
  baseline: unknown;
  run: unknown;
}

/** Keys that differ between every run anyway and say nothing about the model. */
export const IGNORED_CONFIG_KEYS: readonly string[] = ['name', 'description'];

export function diffConfigs(baseline: unknown, run: unknown, ignore: readonly string[] = IGNORED_CONFIG_KEYS): ConfigChange[] {
  const a = flattenConfig(baseline);
  const b = flattenConfig(run);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !ignore.includes(k)).sort();
  return keys.filter((k) => !sameValue(a[k], b[k])).map((k) => ({ key: k, baseline: a[k], run: b[k] }));
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Display form of a config value: strings bare, structures as JSON, absence as an em dash. */
export function showValue(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
