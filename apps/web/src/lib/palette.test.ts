import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Colours come from palette.ts only (the theme's greys from globals.css): a hex colour written
// anywhere else in the app's code is a second palette that drifts from the first.
const SRC = path.join(import.meta.dirname, '..');
const HEX_COLOUR = /['"`]#[0-9a-fA-F]{3,8}\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('palette', () => {
  it('is the only source file with colour literals', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => path.basename(file) !== 'palette.ts')
      .filter((file) => HEX_COLOUR.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});
