'use client';
// A client leaf only to mark the current section (usePathname); the links work without JS.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { isActiveSection, NAV_ITEMS } from '@/features/shell/lib/nav-items';

export function MainNav() {
  const pathname = usePathname() ?? '/';
  return (
    <nav aria-label="Main">
      <ul className="flex items-center gap-1">
        {NAV_ITEMS.map((item) => {
          const active = isActiveSection(item.href, pathname);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? 'page' : undefined}
                className={`rounded px-2 py-1 no-underline hover:bg-raised ${
                  active ? 'bg-raised font-medium text-fg' : 'text-muted'
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
