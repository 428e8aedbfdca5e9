// Runs in the browser before the dashboard's own code (Next's client instrumentation hook).
// zod compiles a fast path for object schemas with `new Function` after probing whether it may;
// under the nonce CSP (src/lib/security-headers.ts) the probe is blocked and reported as a
// violation, even though zod falls back. Modules that build or parse schemas when they load
// (`@hpa-lab/ml/config` reads its defaults by parsing) would probe before any component could
// say otherwise, so zod is told here, first, never to try.
import { z } from 'zod';

z.config({ jitless: true });
