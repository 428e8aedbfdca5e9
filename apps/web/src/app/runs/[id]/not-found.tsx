import { RunNotFoundMessage } from '@/features/run/components/run-not-found-message';

/** Both a malformed run id and an unknown one answer 404; the message tells them apart. */
export default function RunNotFound() {
  return <RunNotFoundMessage />;
}
