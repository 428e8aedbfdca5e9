// Synthetic generation rate (samples/s, 4 PNGs written per sample) at 128, 256 and 512 px.
//
//   npm run bench -- data-synthetic      (results: bench/results/data-synthetic.json)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { generateSyntheticDataset } from '../src/data/synthetic/generate-dataset.ts';

const here = dirname(fileURLToPath(import.meta.url));
const plan = [
  { size: 128, count: 400 },
  { size: 256, count: 200 },
  { size: 512, count: 50 },
];
const loadAtStart = loadavg();
const results: Record<string, number> = {};
// Warm-up (JIT, sharp initialisation).
await generateSyntheticDataset({
  outDir: join(tmpdir(), 'hpa-bench-warm'),
  count: 20,
  size: 128,
  seed: 0,
});
const cores = availableParallelism();
for (const { size, count } of plan) {
  for (const workers of [0, cores]) {
    const outDir = join(tmpdir(), `hpa-bench-synthetic-${size}`);
    rmSync(outDir, { recursive: true, force: true });
    const started = performance.now();
    await generateSyntheticDataset({ outDir, count, size, seed: 'bench', rarity: 0, workers });
    const mode = workers === 0 ? 'calling thread' : `${workers} worker threads`;
    results[`generate ${size} px, ${mode} (samples/s)`] =
      count / ((performance.now() - started) / 1000);
    rmSync(outDir, { recursive: true, force: true });
  }
}
rmSync(join(tmpdir(), 'hpa-bench-warm'), { recursive: true, force: true });
const summary = {
  bench: 'data-synthetic',
  date: new Date().toISOString(),
  machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, node: process.version },
  loadAverage: { start: loadAtStart, end: loadavg() },
  results,
};
mkdirSync(join(here, 'results'), { recursive: true });
// Formatted like the repository's other JSON so `prettier --check .` stays clean.
writeFileSync(
  join(here, 'results', 'data-synthetic.json'),
  await format(JSON.stringify(summary), { parser: 'json' }),
);
for (const [key, value] of Object.entries(results))
  console.log(`${key.padEnd(48)} ${value.toFixed(1)}`);
