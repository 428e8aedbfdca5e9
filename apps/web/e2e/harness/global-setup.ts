// Playwright global setup: one stack for all specs (the specs seed what they need, under
// unique names), torn down by the returned function. Its API trains launched runs itself (an
// in-process trainer, as embedded mode does), so launch.spec.ts sees a run through.
import { startStack } from './stack';
import { chromiumMissingReason, IN_CI, publishStack } from './stack-env';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const missing = chromiumMissingReason();
  if (missing && IN_CI) throw new Error(missing);
  const stack = await startStack({ trainer: true });
  publishStack(stack.info);
  return () => stack.stop();
}
