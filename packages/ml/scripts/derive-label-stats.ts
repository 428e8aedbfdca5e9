// Derives the compact label-statistics table shipped in src/data/synthetic/hpa-label-stats.json
// from the official 2018 Kaggle train.csv. The product reads only the table, never ../shared.
//
//   npx tsx scripts/derive-label-stats.ts [path/to/train.csv]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrainCsv } from '../src/data/label-csv.ts';
import { NUM_CLASSES } from '../src/data/classes.ts';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(
  process.argv[2] ?? join(here, '../../../../shared/data/hpa-kaggle-train-labels.csv'),
);
const target = join(here, '../src/data/synthetic/hpa-label-stats.json');

const rows = parseTrainCsv(readFileSync(source, 'utf8'), source);
const classCounts = new Array<number>(NUM_CLASSES).fill(0);
const comboCounts = new Map<string, number>();
for (const row of rows) {
  for (const label of row.labels) classCounts[label] = (classCounts[label] ?? 0) + 1;
  const key = row.labels.join(' ');
  comboCounts.set(key, (comboCounts.get(key) ?? 0) + 1);
}
// The label-set histogram carries both the marginals and every co-occurrence exactly, and is
// small (577 distinct sets for 31,072 rows).
const combos = Object.fromEntries(
  [...comboCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
);
const table = {
  source: `Kaggle HPA 2018 train.csv (${relative(join(here, '..'), source)})`,
  total: rows.length,
  classCounts,
  combos,
};
writeFileSync(target, JSON.stringify(table, null, 2) + '\n');
process.stdout.write(
  `wrote ${target}: ${rows.length} rows, ${comboCounts.size} distinct label sets` + '\n',
);
