import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './src/lib/security-headers';

const config: NextConfig = {
  // The workspace's `typecheck` script runs tsc over the whole app (and CI runs it before any
  // build), so the build does not type-check a second time. For every build, not only
  // `npm start`'s: the browser tests' and the benches' builds run after that same typecheck, and
  // a newcomer's first start could do nothing with a type error but wait for it. Measured on 2
  // cores (2026-12-07, load 4.6-4.9, clean builds): 30.7 s without the check, 36.7 s and 16 s
  // more CPU with it (apps/platform/bench/results). Type errors: `npm run typecheck`.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
  // The web app talks to the API only over HTTP; of @hpa-lab/* it imports only @hpa-lab/ml's
  // tfjs-free subpaths (class names, the config schema), TypeScript sources Next compiles.
  transpilePackages: ['@hpa-lab/ml', '@hpa-lab/logging'],
  // Static files get the browser headers too (pages get them, and their CSP, from src/proxy.ts).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default config;
