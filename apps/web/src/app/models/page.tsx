import type { Metadata } from 'next';
import { NotBuiltYet } from '../../features/shell/components/not-built-yet';

export const metadata: Metadata = { title: 'Models' };

export default function ModelsPage() {
  return (
    <NotBuiltYet
      title="Models"
      purpose="Registered models, their versions, aliases, promotion history and downloads."
    />
  );
}
