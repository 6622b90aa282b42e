/**
 * `npm run bench`: runs every benchmark in bench/ one after the other (fixed seeds), each writing
 * its own JSON into bench/results/, then gathers them into bench/results/summary.json.
 * `npm run bench -- pricing w1` runs only the named ones.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BENCHES: ReadonlyArray<{ name: string; script: string; result: string }> = [
  { name: 'pricing', script: 'bench/pricing-bench.ts', result: 'bench/results/pricing.json' },
  { name: 'stats', script: 'bench/stats-bench.ts', result: 'bench/results/stats.json' },
  { name: 'w1', script: 'bench/w1-snapshot-bench.ts', result: 'bench/results/w1.json' },
  { name: 'w2', script: 'bench/w2-monte-carlo-bench.ts', result: 'bench/results/w2.json' },
  { name: 'w3', script: 'bench/w3-stress-bench.ts', result: 'bench/results/w3.json' },
  { name: 'pretrade-core', script: 'bench/pretrade-core-bench.ts', result: 'bench/results/pretrade-core.json' },
  { name: 'pretrade-http', script: 'bench/pretrade-http-bench.ts', result: 'bench/results/pretrade-http.json' },
];

const wanted = process.argv.slice(2);
const summary: Record<string, unknown> = { startedAt: new Date().toISOString(), node: process.version };
for (const b of BENCHES) {
  if (wanted.length > 0 && !wanted.includes(b.name)) continue;
  if (!existsSync(`${root}/${b.script}`)) { summary[b.name] = { skipped: 'script not present' }; continue; }
  process.stdout.write(`\n=== ${b.name} (${b.script}) ===\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', b.script], { cwd: root, stdio: 'inherit' });
  summary[b.name] = run.status === 0 && existsSync(`${root}/${b.result}`)
    ? JSON.parse(readFileSync(`${root}/${b.result}`, 'utf8')) as unknown
    : { failed: `exit ${run.status}` };
}
writeFileSync(`${root}/bench/results/summary.json`, `${JSON.stringify(summary, null, 2)}\n`);
process.stdout.write('\nwrote bench/results/summary.json\n');
