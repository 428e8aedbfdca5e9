// Runs `hpa-train <command>` as a member does: a separate process, its output captured.
import { spawn } from 'node:child_process';
import path from 'node:path';

const trainerRoot = path.resolve(import.meta.dirname, '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function hpaTrain(args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/hpa-train.ts', ...args], {
    cwd: trainerRoot,
    env: { PATH: process.env.PATH, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A user's mistake: exit 2 and exactly one line on stderr, with no stack trace. */
export function oneLineError(result: CliResult): string {
  const lines = result.stderr.trim().split('\n');
  if (result.code !== 2 || lines.length !== 1 || /\n\s+at /.test(result.stderr)) {
    throw new Error(`expected one line and exit 2, got ${result.code}:\n${result.stderr}`);
  }
  return lines[0]!;
}
