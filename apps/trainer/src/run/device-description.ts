// The `device` a run records at startRun: what a member comparing runs needs to know about the
// hardware it trained on.
import os from 'node:os';

function cpuModel(): string {
  return os.cpus()[0]?.model?.trim() ?? os.arch();
}

export function describeDevice(backend: string, threads: number, cpu = cpuModel()): string {
  if (backend === 'tensorflow-gpu') return 'GPU (libtensorflow CUDA)';
  const count = `${threads} thread${threads === 1 ? '' : 's'}`;
  if (backend === 'wasm-onednn') return `${count} (oneDNN) on ${cpu}`;
  return `${count} on ${cpu}`;
}
