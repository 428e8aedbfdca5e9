#!/usr/bin/env node
// Part of the root postinstall: says whether the oneDNN addon was built. npm shows no output of
// a dependency's install script (packages/onednn-kernels builds the addon in its own), so
// without this line a user would not learn that training falls back to plain wasm, or why.
import { addonState, BUILD_COMMAND } from '../packages/onednn-kernels/scripts/addon-state.mjs';

const state = addonState();
if (state.built) {
  console.log('hpa-lab: oneDNN addon built: training can use the wasm-onednn backend');
} else {
  console.warn(
    `hpa-lab: oneDNN addon not built (${state.reason}); training will use plain wasm. ` +
      `To build it: ${BUILD_COMMAND}`,
  );
}
