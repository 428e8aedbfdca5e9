// Playwright global setup: one stack for all specs (the specs seed what they need, under
// unique names), torn down by the returned function.
import { startStack } from './stack';
import { chromiumMissingReason, IN_CI, publishStack } from './stack-env';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const missing = chromiumMissingReason();
  if (missing && IN_CI) throw new Error(missing);
  const stack = await startStack();
  publishStack(stack.info);
  return () => stack.stop();
}
