/** An unpaired UTF-16 surrogate (a lone high or low half). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The problem with one value itself (not its children), or null. */
function problemOf(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : 'must be a finite number';
  if (typeof v === 'string') return v.includes('\u0000') || LONE_SURROGATE.test(v) ? 'must not contain a NUL character or an unpaired UTF-16 surrogate' : null;
  return null;
}

/**
 * The first value of a parsed request that no route may take, with its JSON-pointer path: a
 * number that is not finite (JSON has no Infinity, but "1e400" parses to it), or a string (value
 * or property name) with a NUL character or an unpaired UTF-16 surrogate, which PostgreSQL cannot
 * store. Null when there is none. Iterative (a deeply nested body cannot overflow the stack), and
 * paths are built only for a value found bad.
 */
export function firstUnsafeValue(data: unknown): { path: string; message: string } | null {
  const stack: Array<{ v: unknown; parent: number; key: string }> = [{ v: data, parent: -1, key: '' }];
  const seen: Array<{ parent: number; key: string }> = [];
  while (stack.length > 0) {
    const node = stack.pop() as { v: unknown; parent: number; key: string };
    const id = seen.push({ parent: node.parent, key: node.key }) - 1;
    const keyProblem = problemOf(node.key);
    const problem = problemOf(node.v) ?? (keyProblem === null ? null : `a property name ${keyProblem}`);
    if (problem !== null) return { path: pathOf(seen, id), message: problem };
    if (node.v !== null && typeof node.v === 'object') {
      for (const [k, child] of Object.entries(node.v)) stack.push({ v: child, parent: id, key: k });
    }
  }
  return null;
}

function pathOf(seen: ReadonlyArray<{ parent: number; key: string }>, id: number): string {
  const parts: string[] = [];
  for (let i = id; i > 0; i = (seen[i] as { parent: number }).parent) parts.push((seen[i] as { key: string }).key.replaceAll('\u0000', '\\u0000'));
  return parts.length === 0 ? '/' : `/${parts.reverse().join('/')}`;
}
