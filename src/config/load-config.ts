import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { ConfigSchema, type Config } from './config-schema.ts';

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL('../../config/risk-config.yaml', import.meta.url));

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(base[k]) ? deepMerge(base[k], v) : v;
  return out;
}

function readYaml(path: string, problems: string[]): Json {
  try {
    const doc: unknown = parseYaml(readFileSync(path, 'utf8'));
    if (doc === null || doc === undefined) return {};
    if (!isObject(doc)) { problems.push(`${path}: top level must be a mapping`); return {}; }
    return doc;
  } catch (e) {
    problems.push(`${path}: ${(e as Error).message.split('\n')[0]}`);
    return {};
  }
}

function setPath(target: Json, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Json;
  }
  node[path[path.length - 1] as string] = value;
}

/** Environment variables that override the file, with how each is parsed. */
const ENV_OVERRIDES: ReadonlyArray<[string, readonly string[], 'int' | 'string' | 'bool' | 'csv']> = [
  ['PORT', ['server', 'port'], 'int'],
  ['HOST', ['server', 'host'], 'string'],
  ['LOG_LEVEL', ['server', 'logLevel'], 'string'],
  ['DATABASE_URL', ['storage', 'databaseUrl'], 'string'],
  ['RISK_DATA_DIR', ['storage', 'dataDir'], 'string'],
  ['REDIS_URL', ['redis', 'url'], 'string'],
  ['RISK_JWT_SECRET', ['auth', 'jwt', 'secret'], 'string'],
  ['RISK_JWT_PUBLIC_KEY', ['auth', 'jwt', 'publicKeyPem'], 'string'],
  ['RISK_JWT_ISSUER', ['auth', 'jwt', 'issuer'], 'string'],
  ['RISK_JWT_AUDIENCE', ['auth', 'jwt', 'audience'], 'string'],
  ['RISK_JWT_ALGORITHMS', ['auth', 'jwt', 'algorithms'], 'csv'],
  ['RISK_BOOTSTRAP_API_KEY', ['auth', 'bootstrapApiKey'], 'string'],
  ['RISK_METRICS_REQUIRE_AUTH', ['auth', 'metricsRequireAuth'], 'bool'],
];

function applyEnv(doc: Json, env: NodeJS.ProcessEnv, problems: string[]): void {
  for (const [name, path, kind] of ENV_OVERRIDES) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (kind === 'int') {
      const n = Number(raw);
      if (!Number.isInteger(n)) problems.push(`${name}: expected an integer, got "${raw}"`);
      else setPath(doc, path, n);
    } else if (kind === 'bool') {
      if (raw !== 'true' && raw !== 'false') problems.push(`${name}: expected true or false, got "${raw}"`);
      else setPath(doc, path, raw === 'true');
    } else if (kind === 'csv') setPath(doc, path, raw.split(',').map((s) => s.trim()));
    else setPath(doc, path, raw);
  }
}

function crossChecks(c: Config): string[] {
  const p: string[] = [];
  const tiers = c.risk.drawdownTierFractions;
  if (tiers.some((t, i) => i > 0 && t <= (tiers[i - 1] as number))) p.push('risk.drawdownTierFractions: must be strictly increasing');
  if (c.risk.limits.var99FractionOfNav < c.risk.limits.var95FractionOfNav) p.push('risk.limits.var99FractionOfNav: must be >= var95FractionOfNav');
  const asym = c.auth.jwt.algorithms.filter((a) => !a.startsWith('HS'));
  if (asym.length > 0 && c.auth.jwt.publicKeyPem === undefined) p.push(`auth.jwt.publicKeyPem: required for algorithms ${asym.join(', ')}`);
  for (const [metric, b] of Object.entries(c.risk.riskLevel.bands)) {
    if (!(b[0] < b[1] && b[1] < b[2])) p.push(`risk.riskLevel.bands.${metric}: thresholds must increase`);
  }
  for (const metric of Object.keys(c.risk.riskLevel.weights)) {
    if (c.risk.riskLevel.bands[metric] === undefined) p.push(`risk.riskLevel.weights.${metric}: no bands given for this metric`);
  }
  if (c.auth.jwt.algorithms.some((a) => a.startsWith('HS')) && asym.length > 0) p.push('auth.jwt.algorithms: do not mix HMAC and public-key algorithms');
  return p;
}

/**
 * Builds the one validated, frozen Config: defaults file, then RISK_CONFIG file, then environment.
 * Throws ConfigError listing every problem found, not just the first.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaultsPath = DEFAULT_CONFIG_PATH): Config {
  const problems: string[] = [];
  let doc = readYaml(defaultsPath, problems);
  if (env.RISK_CONFIG) doc = deepMerge(doc, readYaml(env.RISK_CONFIG, problems));
  applyEnv(doc, env, problems);
  for (const e of Value.Errors(ConfigSchema, doc)) {
    const where = e.path === '' ? '(root)' : e.path.slice(1).replaceAll('/', '.');
    problems.push(`${where}: ${e.message}${e.value === undefined ? '' : ` (got ${JSON.stringify(e.value)})`}`);
  }
  if (problems.length === 0) problems.push(...crossChecks(doc as Config));
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return deepFreeze(doc as Config);
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
