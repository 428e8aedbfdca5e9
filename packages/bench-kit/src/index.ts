export { best, median, perRoundRatios, roundOrder, spread, type Spread } from './stats.ts';
export {
  foreignCpuMeter,
  foreignCpuShare,
  loadGate,
  loadNow,
  parseOwnTicks,
  parseProcStat,
  waitForQuiet,
  type CpuTicks,
  type LoadGate,
  type QuietWait,
} from './quiet-machine.ts';
export { CPU_FLAGS_OF_INTEREST, cpuInfo, parseCpuInfo, type CpuInfo } from './cpu-info.ts';
