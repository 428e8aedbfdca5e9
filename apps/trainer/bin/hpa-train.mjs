#!/usr/bin/env node
// The `hpa-train` command: runs the TypeScript CLI through tsx's loader, as the npm scripts do.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/hpa-train.ts');
