import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/**
 * Runs one of this package's CLIs (`migrate`, `deploy`, `check`) in a child process, as
 * `npm run db:<name>` would, for tests of their output and exit code.
 */
export function runDbCli(
  name: 'migrate' | 'deploy' | 'check',
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<CliResult> {
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, [tsxCli, script, ...args], { env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
