import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { SessionBadge } from '@/features/auth/components/session-badge';
import { MainNav } from '@/features/shell/components/main-nav';
import { NuqsAdapter } from 'nuqs/adapters/next/app';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'hpa-lab', template: '%s · hpa-lab' },
  description: 'Runs, scores and models of the Human Protein Atlas classification team',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry the nonce of that response's CSP
  // (src/proxy.ts), which a page prerendered at build time could not know.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans text-sm antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-accent focus:px-3 focus:py-2 focus:text-accent-fg"
        >
          Skip to content
        </a>
        <header className="border-b border-border bg-surface">
          <div className="mx-auto flex h-12 max-w-[1600px] items-center gap-6 px-4">
            <a href="/runs" className="font-semibold tracking-tight no-underline">
              hpa-lab
            </a>
            <MainNav />
            <div className="ml-auto">
              <SessionBadge />
            </div>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-[1600px] px-4 py-5">
          {/* URL state of every page (nuqs); a client boundary that renders its children as given. */}
          <NuqsAdapter>{children}</NuqsAdapter>
        </main>
      </body>
    </html>
  );
}
