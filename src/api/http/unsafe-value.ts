/** An unpaired UTF-16 surrogate (a lone high or low half). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The problem with one value itself (not its children), or null. */
function problemOf(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : 'must be a finite number';
  if (typeof v === 'string') return v.includes('\u0000') || LONE_SURROGATE.test(v) ? 'must not contain a NUL character or an unpaired UTF-16 surrogate' : null;
  return null;
}

/*
 * The walk's working memory, reused by every call (one walk at a time on a thread): a valid body,
 * the order path's common case, is checked without allocating. A stack entry is a value, its key
 * (a property name or an array index) and the index of its parent in `seen*`.
 */
const stackValues: unknown[] = [];
const stackKeys: Array<string | number> = [];
const stackParents: number[] = [];
const seenKeys: Array<string | number> = [];
const seenParents: number[] = [];
let top = 0;
let height = 0;

function push(v: unknown, key: string | number, parent: number): void {
  stackValues[top] = v; stackKeys[top] = key; stackParents[top] = parent;
  if (++top > height) height = top;
}

/**
 * The first value of a parsed request that no route may take, with its JSON-pointer path: a
 * number that is not finite (JSON has no Infinity, but "1e400" parses to it), or a string (value
 * or property name) with a NUL character or an unpaired UTF-16 surrogate, which PostgreSQL cannot
 * store. Null when there is none. Iterative (a deeply nested body cannot overflow the stack), and
 * paths are built only for a value found bad.
 */
export function firstUnsafeValue(data: unknown): { path: string; message: string } | null {
  top = 0;
  height = 0;
  let seen = 0;
  push(data, '', -1);
  try {
    while (top > 0) {
      top--;
      const v = stackValues[top];
      const key = stackKeys[top] as string | number;
      const id = seen++;
      seenKeys[id] = key;
      seenParents[id] = stackParents[top] as number;
      const keyProblem = typeof key === 'string' ? problemOf(key) : null;
      const problem = problemOf(v) ?? (keyProblem === null ? null : `a property name ${keyProblem}`);
      if (problem !== null) return { path: pathOf(id), message: problem };
      if (v !== null && typeof v === 'object') {
        if (Array.isArray(v)) for (let i = 0; i < v.length; i++) push(v[i], i, id);
        else for (const k in v) if (Object.hasOwn(v, k)) push((v as Record<string, unknown>)[k], k, id);
      }
    }
    return null;
  } finally {
    // drop the references to the body's values, so the reused arrays keep nothing of it alive
    stackValues.fill(undefined, 0, height);
    // a huge body's walk leaves no large arrays behind
    if (stackValues.length > 4096 || seenKeys.length > 4096) { stackValues.length = 0; stackKeys.length = 0; stackParents.length = 0; seenKeys.length = 0; seenParents.length = 0; }
  }
}

function pathOf(id: number): string {
  const parts: string[] = [];
  for (let i = id; i > 0; i = seenParents[i] as number) parts.push(String(seenKeys[i]).replaceAll('\u0000', '\\u0000'));
  return parts.length === 0 ? '/' : `/${parts.reverse().join('/')}`;
}
