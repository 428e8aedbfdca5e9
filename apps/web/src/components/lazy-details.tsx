'use client';
// A <details> whose content is rendered only once it is opened. The tables behind the charts
// hold thousands of cells: built on demand, they cost the page nothing until someone asks.
import { useState, type ReactNode } from 'react';

export function LazyDetails({
  summary,
  className,
  children,
}: {
  summary: ReactNode;
  className?: string;
  children: () => ReactNode;
}) {
  const [opened, setOpened] = useState(false);
  return (
    <details
      className={className}
      onToggle={(event) => {
        if (event.currentTarget.open) setOpened(true);
      }}
    >
      <summary className="cursor-pointer text-muted">{summary}</summary>
      {opened ? children() : null}
    </details>
  );
}
