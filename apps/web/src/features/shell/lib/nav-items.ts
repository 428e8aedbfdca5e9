// The dashboard's sections, in the order of what the team does most (web-design.md).
export interface NavItem {
  href: string;
  label: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/runs', label: 'Runs' },
  { href: '/compare', label: 'Compare' },
  { href: '/classes', label: 'Classes' },
  { href: '/launch', label: 'Launch' },
  { href: '/models', label: 'Models' },
  { href: '/settings', label: 'Settings' },
];

/** Whether a nav item is the section of the current path (`/runs/abc` is in Runs). */
export function isActiveSection(itemHref: string, pathname: string): boolean {
  return pathname === itemHref || pathname.startsWith(`${itemHref}/`);
}
