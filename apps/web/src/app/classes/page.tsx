import type { Metadata } from 'next';
import { NotBuiltYet } from '../../features/shell/components/not-built-yet';

export const metadata: Metadata = { title: 'Classes' };

export default function ClassesPage() {
  return <NotBuiltYet title="Classes" purpose="Per class, the runs that win it." />;
}
