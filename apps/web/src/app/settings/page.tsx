import type { Metadata } from 'next';
import { ProblemMessage } from '@/components/problem-message';
import { SettingsView } from '@/features/settings/components/settings-view';
import { loadSettings } from '@/features/settings/server/load-settings';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const result = await loadSettings();
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Settings</h1>
      {result.ok ? (
        <SettingsView data={result.data} now={Date.now()} />
      ) : (
        <ProblemMessage problem={result.problem} />
      )}
    </section>
  );
}
