/**
 * Where a result holds a number JSON cannot carry (NaN, +-Infinity). A stress test is stored as
 * JSON and read back through the same response schema, so a non-finite number would be stored as
 * null and the stored test could never be read back: such a result is refused before it is stored.
 */

/** JSON-pointer paths of the non-finite numbers in `value` (plain objects, arrays, typed arrays), at most `max`. */
export function nonFiniteNumbers(value: unknown, max = 20): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (out.length >= max) return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) out.push(`${path === '' ? '/' : path} = ${v}`);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (ArrayBuffer.isView(v)) {
      const a = v as unknown as ArrayLike<number>;
      for (let i = 0; i < a.length && out.length < max; i++) if (!Number.isFinite(a[i]!)) out.push(`${path}/${i} = ${a[i]}`);
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && out.length < max; i++) walk(v[i], `${path}/${i}`);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (out.length >= max) return;
      walk(x, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(value, '');
  return out;
}
