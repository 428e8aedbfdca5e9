// The logger's format as a user meets it: each case runs a real process whose stdout is a pipe
// or (through util-linux `script`) a pseudo-terminal, and reads what it printed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveLogFormat, useColour } from './log-format.ts';

const FIXTURE = fileURLToPath(new URL('../test/log-lines.ts', import.meta.url));
const NODE_ARGS = ['--import', 'tsx', FIXTURE];
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const key of ['LOG_FORMAT', 'FORCE_COLOR', 'NO_COLOR']) if (!(key in extra)) delete env[key];
  return env;
}

/** stdout is a pipe: not a terminal. */
function runPiped(extra: Record<string, string> = {}): string[] {
  const result = spawnSync(process.execPath, NODE_ARGS, { env: childEnv(extra), encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.trim().split('\n');
}

/** stdout is a pseudo-terminal, as in a person's shell. */
function runInTerminal(extra: Record<string, string> = {}): string {
  const command = [process.execPath, ...NODE_ARGS].map((a) => `'${a}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    env: childEnv(extra),
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('createLogger', () => {
  it('writes JSON lines when stdout is not a terminal', () => {
    const lines = runPiped().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 30, name: 'hpa-lab-test', msg: 'training', epoch: 3 });
    expect(lines[1]).toMatchObject({ level: 40, msg: 'slow batch' });
  });

  it('writes JSON lines with LOG_FORMAT=json, at a terminal too', () => {
    for (const line of runPiped({ LOG_FORMAT: 'json' }))
      expect(JSON.parse(line)).toHaveProperty('name', 'hpa-lab-test');
    const lines = runInTerminal({ LOG_FORMAT: 'json' }).trim().split(/\r?\n/);
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['training', 'slow batch']);
  });

  it('writes pretty, coloured lines at a terminal', () => {
    const output = runInTerminal();
    expect(output).toMatch(ANSI);
    const plain = output.replace(new RegExp(ANSI.source, 'g'), '');
    expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\] INFO \(hpa-lab-test\): training\r?\n\s+epoch: 3/m);
    expect(plain).toMatch(/WARN \(hpa-lab-test\): slow batch/);
    expect(plain).not.toContain('{"level"');
  });

  it('writes pretty lines into a pipe with LOG_FORMAT=pretty, coloured only with FORCE_COLOR', () => {
    const plain = runPiped({ LOG_FORMAT: 'pretty' }).join('\n');
    expect(plain).toMatch(/INFO \(hpa-lab-test\): training/);
    expect(plain).not.toMatch(ANSI);
    expect(runPiped({ LOG_FORMAT: 'pretty', FORCE_COLOR: '1' }).join('\n')).toMatch(ANSI);
    expect(runInTerminal({ NO_COLOR: '1' })).not.toMatch(ANSI);
  });
});

describe('resolveLogFormat and useColour', () => {
  it('follow LOG_FORMAT, else the terminal; NO_COLOR beats FORCE_COLOR', () => {
    expect(resolveLogFormat({ isTTY: true })).toBe('pretty');
    expect(resolveLogFormat({ isTTY: false })).toBe('json');
    expect(resolveLogFormat({ logFormat: 'json', isTTY: true })).toBe('json');
    expect(resolveLogFormat({ logFormat: 'pretty', isTTY: false })).toBe('pretty');
    expect(useColour({}, true)).toBe(true);
    expect(useColour({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(useColour({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(useColour({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });
});
