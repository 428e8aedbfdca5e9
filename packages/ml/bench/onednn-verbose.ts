// What oneDNN's verbose output says about a run: its version, the ISA it dispatched to, its
// threading runtime and the implementations that ran (training.bench.ts records both sides').

export interface OnednnVerbose {
  version: string | null;
  /** The ISA oneDNN dispatches to, as its header line says. */
  isa: string | null;
  runtime: string | null;
  threads: number | null;
  /** Distinct implementations that ran (e.g. 'brgconv:avx512_core'), by primitive kind. */
  implementations: string[];
}

/**
 * oneDNN's verbose output (DNNL_VERBOSE=1 / ONEDNN_VERBOSE=1): the header it prints before the
 * first primitive (`dnnl_verbose,info,cpu,isa:...`, `...,cpu,runtime:OpenMP,nthr:2`) and the
 * implementation of each executed primitive (`...,exec,cpu,convolution,brgconv:avx512_core,`).
 */
export function parseOnednnVerbose(text: string): OnednnVerbose {
  const out: OnednnVerbose = {
    version: null,
    isa: null,
    runtime: null,
    threads: null,
    implementations: [],
  };
  const implementations = new Set<string>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(',');
    if (!/^(dnnl|onednn)_verbose$/.test(fields[0] ?? '')) continue;
    if (fields[1] === 'info') {
      const rest = fields.slice(2).join(',');
      const version = /oneDNN v(\S+)/.exec(rest);
      if (version) out.version = version[1]!;
      const isa = /^cpu,isa:(.*)$/.exec(rest);
      if (isa) out.isa = isa[1]!.trim();
      const runtime = /^cpu,runtime:([^,]+),nthr:(\d+)/.exec(rest);
      if (runtime) {
        out.runtime = runtime[1]!;
        out.threads = Number(runtime[2]);
      }
    } else if (fields[1] === 'exec' && fields[2] === 'cpu' && fields[3] && fields[4]) {
      implementations.add(`${fields[3]}:${fields[4]}`);
    }
  }
  out.implementations = [...implementations].sort();
  return out;
}
