// Terminal progress bar for long data jobs (cache builds, synthetic generation) started from a
// CLI. Returns an onProgress callback; on a non-TTY stream it stays quiet apart from the end.
import { SingleBar, Presets } from 'cli-progress';

export interface CliProgress {
  onProgress: (done: number, total: number) => void;
  stop: () => void;
}

export function createCliProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): CliProgress {
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | eta {eta_formatted}`,
      stream,
      hideCursor: true,
      etaBuffer: 50,
      noTTYOutput: false,
    },
    Presets.shades_classic,
  );
  const started = performance.now();
  let running = false;
  return {
    onProgress(done, total) {
      if (!running) {
        bar.start(total, 0, { rate: '0' });
        running = true;
      }
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? (done / seconds).toFixed(1) : '0' });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
