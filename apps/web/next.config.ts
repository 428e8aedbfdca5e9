import type { NextConfig } from 'next';

const config: NextConfig = {
  // The workspace's `typecheck` script runs tsc over the whole app (and CI runs it), so the
  // build does not type-check a second time: on two cores that halves `next build`.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
  // The web app talks to the API only over HTTP; of @hpa-lab/* it imports only @hpa-lab/ml's
  // tfjs-free subpaths (class names, the config schema), TypeScript sources Next compiles.
  transpilePackages: ['@hpa-lab/ml'],
};

export default config;
