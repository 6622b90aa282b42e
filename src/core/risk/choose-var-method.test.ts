import { describe, expect, it } from 'vitest';
import { chooseVarMethod } from './choose-var-method.ts';

describe('chooseVarMethod', () => {
  it('prefers historical simulation with a full year of history', () => {
    expect(chooseVarMethod({ scenarios: 252, minScenarios: 20, optionShare: 0.6, nonLinearity: 0.5 }).method).toBe('historical');
  });
  it('uses Monte Carlo for a non-linear book with short history', () => {
    const c = chooseVarMethod({ scenarios: 60, minScenarios: 20, optionShare: 0.4, nonLinearity: 0.02 });
    expect(c.method).toBe('monte-carlo');
    expect(c.reason).toMatch(/short history/);
  });
  it('uses delta-normal for a linear book with short history, and nothing without history', () => {
    expect(chooseVarMethod({ scenarios: 60, minScenarios: 20, optionShare: 0, nonLinearity: 0 }).method).toBe('parametric-delta-normal');
    expect(chooseVarMethod({ scenarios: 5, minScenarios: 20, optionShare: 0, nonLinearity: 0 }).method).toBeNull();
  });
});
