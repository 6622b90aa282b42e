/** One reason an input was rejected: where (a JSON pointer, e.g. `/quotes/3/bid`) and why. */
export interface InputProblem {
  readonly path: string;
  readonly message: string;
}

export const INVALID_INPUT = 'INVALID_INPUT';
