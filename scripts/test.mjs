#!/usr/bin/env node
// `npm test`: every workspace's tests through turbo, one workspace at a time. Where the oneDNN
// addon is not built (no libdnnl-dev, or HPA_SKIP_ONEDNN=1 at install), the tests that need it
// are skipped outside CI: this prints the one line that says so, and the workspaces, told by
// HPA_ONEDNN_SKIP_ANNOUNCED, do not repeat it. Under CI=true they run, and fail without it.
// Likewise for a clone without ../shared beside it: the tests that read ../shared/data (the real
// HPA samples) are skipped outside CI, with one line (HPA_SHARED_DATA_SKIP_ANNOUNCED).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { sharedDataSkipLine } from '../packages/ml/scripts/shared-data-state.mjs';
import { onednnSkipLine } from '../packages/onednn-kernels/scripts/addon-state.mjs';

const line = onednnSkipLine();
if (line) console.warn(`hpa-lab: ${line}`);
const sharedLine = sharedDataSkipLine();
if (sharedLine) console.warn(`hpa-lab: ${sharedLine}`);
const turbo = join(import.meta.dirname, '../node_modules/.bin/turbo');
const result = spawnSync(turbo, ['run', 'test', '--concurrency=1', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    ...(line ? { HPA_ONEDNN_SKIP_ANNOUNCED: '1' } : {}),
    ...(sharedLine ? { HPA_SHARED_DATA_SKIP_ANNOUNCED: '1' } : {}),
  },
});
process.exit(result.status ?? 1);
