// Outside CI, says once why tests are skipped: the oneDNN addon is not built, or ../shared/data
// (the real HPA samples) is absent. The root `npm test` prints both lines once for all
// workspaces and sets the *_SKIP_ANNOUNCED variables, so they are not repeated here.
import { announceOnednnSkip } from '@hpa-lab/onednn-kernels/testing';
import { sharedDataSkipLine } from './scripts/shared-data-state.mjs';

export default function announceSkips(): void {
  announceOnednnSkip();
  const line = sharedDataSkipLine();
  // A CLI-style notice on the test runner's own output, not a log line.
  // eslint-disable-next-line no-console
  if (line && process.env.HPA_SHARED_DATA_SKIP_ANNOUNCED !== '1') console.warn(line);
}
