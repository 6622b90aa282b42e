import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

const tmpFile = (text: string): string => {
  const p = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'c.yaml');
  writeFileSync(p, text);
  return p;
};

describe('loadConfig', () => {
  it('holds the spec thresholds by default', () => {
    const c = loadConfig({});
    expect(c.server.port).toBe(8006);
    expect(c.server.host).toBe('127.0.0.1');
    expect(c.risk.limits).toEqual({
      var95FractionOfNav: 0.025, var99FractionOfNav: 0.035, maxDrawdownFraction: 0.15, volatilityLimitAnnualized: 0.3,
      maxPositionFractionOfNav: 0.2, maxSectorExposureFractionOfNav: 0.4, maxLeverage: 3,
    });
    expect(c.risk.drawdownTierFractions).toEqual([0.05, 0.1, 0.15, 0.2]);
    expect(c.risk.monitoring.intervalMs).toBe(5000);
    expect(c.risk.historyLookbackDays).toBe(252);
    expect(Object.isFrozen(c.risk.limits)).toBe(true);
  });

  it('lets a file and then the environment override defaults', () => {
    const file = tmpFile('risk:\n  limits:\n    maxLeverage: 2.5\nserver:\n  port: 9000\n');
    const c = loadConfig({ RISK_CONFIG: file, PORT: '9100', DATABASE_URL: 'postgres://u@h/db', LOG_LEVEL: 'warn' });
    expect(c.risk.limits.maxLeverage).toBe(2.5);
    expect(c.risk.limits.var95FractionOfNav).toBe(0.025);
    expect(c.server.port).toBe(9100);
    expect(c.storage.databaseUrl).toBe('postgres://u@h/db');
    expect(c.server.logLevel).toBe('warn');
  });

  it('reports every problem at once', () => {
    const file = tmpFile('risk:\n  limits:\n    maxLeverage: -1\n    var95FractionOfNav: 3\n  drawdownTierFractions: [0.1, 0.05]\nbogus: 1\n');
    try {
      loadConfig({ RISK_CONFIG: file, PORT: 'eighty', DATABASE_URL: 'mysql://x' });
      expect.unreachable('config should have been rejected');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const text = (e as ConfigError).problems.join('\n');
      expect(text).toMatch(/PORT: expected an integer/);
      expect(text).toMatch(/risk\.limits\.maxLeverage/);
      expect(text).toMatch(/risk\.limits\.var95FractionOfNav/);
      expect(text).toMatch(/storage\.databaseUrl/);
      expect(text).toMatch(/bogus|\(root\)/);
      expect((e as ConfigError).problems.length).toBeGreaterThanOrEqual(5);
    }
  });
});
