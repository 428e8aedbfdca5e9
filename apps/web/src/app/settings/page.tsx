import type { Metadata } from 'next';
import { NotBuiltYet } from '../../features/shell/components/not-built-yet';

export const metadata: Metadata = { title: 'Settings' };

export default function SettingsPage() {
  return <NotBuiltYet title="Settings" purpose="Members, roles and API keys." />;
}
