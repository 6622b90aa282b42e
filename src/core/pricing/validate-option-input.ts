import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { ExerciseStyle, OptionKind, PricingMethod } from './option-types.ts';
import { EXERCISE_STYLES, OPTION_KINDS, PRICING_METHODS } from './option-types.ts';

export type InvalidInputCode = 'INVALID_INPUT';

/** One rejected field and why; carried in `details` of an INVALID_INPUT failure. */
export interface InputProblem {
  readonly field: string;
  readonly reason: string;
}

type Rule = (value: unknown) => string | undefined;

const finite: Rule = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a finite number');
const positive: Rule = (v) => finite(v) ?? ((v as number) > 0 ? undefined : 'must be greater than 0');
const nonNegative: Rule = (v) => finite(v) ?? ((v as number) >= 0 ? undefined : 'must not be negative');
const atMost = (rule: Rule, limit: number, why: string): Rule => (v) =>
  rule(v) ?? (Math.abs(v as number) <= limit ? undefined : `must be at most ${limit} in magnitude (${why})`);
const oneOf = (values: readonly string[]): Rule => (v) =>
  typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.map((x) => `'${x}'`).join(', ')}`;

/**
 * Field rules shared by pricing and implied volatility. The sanity limits keep the numerical
 * methods inside their tested range: volatility up to 1000 %, rates within +-100 %, 100 years.
 */
const COMMON_RULES: Readonly<Record<string, Rule>> = {
  kind: oneOf(OPTION_KINDS),
  style: oneOf(EXERCISE_STYLES),
  spot: positive,
  strike: positive,
  timeToExpiryYears: atMost(nonNegative, 100, 'years'),
  rate: atMost(finite, 1, 'a fraction per year: 0.05 = 5 %'),
  dividendYield: atMost(finite, 1, 'a fraction per year: 0.02 = 2 %'),
};
const METHOD_RULE = oneOf(PRICING_METHODS);

/** Field rules as [field, rule] pairs (precomputed: validation runs once per priced option). */
export type FieldRules = ReadonlyArray<readonly [string, Rule]>;

export const PRICING_RULES: FieldRules = Object.entries({
  ...COMMON_RULES,
  volatility: atMost(nonNegative, 10, 'a fraction: 0.2 = 20 %'),
});
export const IMPLIED_VOL_RULES: FieldRules = Object.entries({ ...COMMON_RULES, price: nonNegative });

const VALID = ok(undefined);

/** Checks every field and reports all problems at once (INVALID_INPUT, details: InputProblem[]). */
export function checkFields(input: unknown, rules: FieldRules): Result<void, InvalidInputCode> {
  if (typeof input !== 'object' || input === null) {
    return fail('INVALID_INPUT', 'input must be an object', [{ field: '', reason: 'must be an object' }]);
  }
  const record = input as Record<string, unknown>;
  let problems: InputProblem[] | undefined;
  for (const [field, rule] of rules) {
    const reason = rule(record[field]);
    if (reason !== undefined) (problems ??= []).push({ field, reason });
  }
  const method = record['method'];
  if (method !== undefined) {
    const reason = METHOD_RULE(method);
    if (reason !== undefined) (problems ??= []).push({ field: 'method', reason });
  }
  if (problems !== undefined) {
    const summary = problems.map((p) => `${p.field} ${p.reason}`).join('; ');
    return fail('INVALID_INPUT', `invalid option input: ${summary}`, problems);
  }
  return VALID;
}

/**
 * Which method prices this option: the requested one if it applies, else the style's default.
 * European options take 'bsm' only; American 'bsm' only where early exercise is never optimal.
 */
export function resolveMethod(
  style: ExerciseStyle, kind: OptionKind, requested: PricingMethod | undefined, americanDefault: PricingMethod, exact: boolean,
): Result<PricingMethod, InvalidInputCode> {
  if (style === 'european') {
    if (requested === undefined || requested === 'bsm') return ok('bsm');
    return fail('INVALID_INPUT', `method '${requested}' applies to American options only`, [
      { field: 'method', reason: "European options are priced with 'bsm'" },
    ]);
  }
  if (requested === 'bsm' && !exact) {
    return fail('INVALID_INPUT', `method 'bsm' is exact for an American ${kind} only when early exercise is never optimal`, [
      { field: 'method', reason: 'early exercise may be optimal (call with q > 0 or r < 0, put with r > 0 or q < 0)' },
    ]);
  }
  return ok(requested ?? americanDefault);
}
