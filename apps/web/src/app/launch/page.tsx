import type { Metadata } from 'next';
import { NotBuiltYet } from '../../features/shell/components/not-built-yet';

export const metadata: Metadata = { title: 'Launch' };

export default function LaunchPage() {
  return (
    <NotBuiltYet
      title="Launch"
      purpose="Start a run from a form generated from the config schema, a preset or a clone of a run."
    />
  );
}
