// Builds the oneDNN addon with node-gyp at install time. The addon is an accelerator, not a
// requirement: where oneDNN's headers (Debian's libdnnl-dev) or a C++ compiler are missing,
// this prints why and exits 0, and training runs on plain wasm. `--strict` (CI, the bench)
// makes a failed build an error instead.
// npm shows no output of a dependency's install script, so the reason is also recorded
// (addon-state.mjs) for the root postinstall to report and for the tests' skip line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PACKAGE_DIR as packageDir, recordBuilt, recordNotBuilt } from './addon-state.mjs';

const strict = process.argv.includes('--strict');

function giveUp(reason) {
  const message = `@hpa-lab/onednn-kernels: not built (${reason}); training will use plain wasm`;
  mkdirSync(join(packageDir, 'build'), { recursive: true });
  recordNotBuilt(reason);
  if (strict) {
    console.error(message);
    process.exit(1);
  }
  console.warn(message);
  process.exit(0);
}

if (process.env.HPA_SKIP_ONEDNN === '1') giveUp('HPA_SKIP_ONEDNN=1');
const header = ['/usr/include/oneapi/dnnl/dnnl.hpp', '/usr/local/include/oneapi/dnnl/dnnl.hpp'];
if (!header.some((path) => existsSync(path))) {
  giveUp('oneDNN headers not found: install libdnnl-dev');
}

// npm hands lifecycle scripts its bundled node-gyp; outside npm, look for npm's copy.
const nodeGyp =
  process.env.npm_config_node_gyp ??
  join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
if (!existsSync(nodeGyp)) giveUp(`node-gyp not found at ${nodeGyp}`);

// Node's own headers ship with it here; without --nodedir node-gyp would try to download them.
const prefix = resolve(dirname(process.execPath), '..');
const nodedir =
  process.env.npm_config_nodedir ??
  (existsSync(join(prefix, 'include/node/node.h')) ? prefix : undefined);
const args = [nodeGyp, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
const result = spawnSync(process.execPath, args, { cwd: packageDir, stdio: 'inherit' });
if (result.status !== 0) giveUp(`node-gyp exited with ${result.status ?? result.signal}`);
recordBuilt();
console.log('@hpa-lab/onednn-kernels: built build/Release/onednn_kernels.node');
