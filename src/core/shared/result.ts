/** A typed expected failure: a stable machine-readable code plus a human reason. */
export interface Failure<C extends string = string> {
  readonly code: C;
  readonly message: string;
  readonly details?: unknown;
}

export type Result<T, C extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Failure<C> };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const fail = <C extends string>(code: C, message: string, details?: unknown): { readonly ok: false; readonly error: Failure<C> } =>
  details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
