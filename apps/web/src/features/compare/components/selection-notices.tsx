// What the compare page says about its address before the comparison: ids that are not run
// ids, ids named twice, runs past the twentieth, ids without a run (or one the member may not
// see), too few runs, and the API's warnings that some runs were trained on other data. Each is
// a message of its own; the page goes on with the runs it could compare.
import type { ReactNode } from 'react';
import Link from 'next/link';
import type { RunSelection } from '@/features/compare/lib/compare-url';
import type { ApiProblem } from '@/graphql/api-problem';
import { MAX_COMPARE, MIN_COMPARE } from '@/lib/compare-href';

function Notice({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <p
      role="alert"
      className="rounded-lg border border-danger bg-danger-bg px-4 py-2 text-danger"
      data-testid={testId}
    >
      {children}
    </p>
  );
}

function IdList({ ids }: { ids: readonly string[] }) {
  return (
    <>
      {ids.map((id, i) => (
        <span key={`${id}-${i}`}>
          {i > 0 ? ', ' : ''}“<span className="break-all font-mono">{id}</span>”
        </span>
      ))}
    </>
  );
}

export function SelectionNotices({
  selection,
  missing,
  warnings,
  compared,
  keysProblem,
}: {
  selection: RunSelection;
  missing: readonly string[];
  warnings: readonly string[];
  /** How many runs the page compares after everything above was left out. */
  compared: number;
  keysProblem: ApiProblem | null;
}) {
  return (
    <div className="flex flex-col gap-2" data-testid="compare-notices">
      {selection.malformed.length > 0 ? (
        <Notice testId="notice-malformed">
          Left out, not run ids: <IdList ids={selection.malformed} />. Run ids are UUIDs such as{' '}
          <span className="font-mono">3f2b9c1e-8a4d-4e6f-9b0a-1c2d3e4f5a6b</span>.
        </Notice>
      ) : null}
      {missing.length > 0 ? (
        <Notice testId="notice-missing">
          No run has {missing.length === 1 ? 'this id' : 'these ids'}, or you may not see{' '}
          {missing.length === 1 ? 'it' : 'them'}: <IdList ids={missing} />. The other runs are
          compared.
        </Notice>
      ) : null}
      {selection.leftOut.length > 0 ? (
        <Notice testId="notice-too-many">
          The address names {MAX_COMPARE + selection.leftOut.length} runs; the compare page takes at
          most {MAX_COMPARE}. The first {MAX_COMPARE} are compared; left out:{' '}
          <IdList ids={selection.leftOut} />.
        </Notice>
      ) : null}
      {selection.repeated.length > 0 ? (
        <Notice testId="notice-repeated">
          Named more than once, compared once: <IdList ids={selection.repeated} />.
        </Notice>
      ) : null}
      {compared < MIN_COMPARE ? (
        <Notice testId="notice-one">
          Only one run to compare: a comparison needs {MIN_COMPARE} to {MAX_COMPARE}. Pick more in
          the{' '}
          <Link href="/runs" className="underline">
            runs table
          </Link>
          . Its numbers are shown below.
        </Notice>
      ) : null}
      {keysProblem ? (
        <Notice testId="notice-keys">
          The curves of the address were refused ({keysProblem.detail}); the default curves are
          drawn.
        </Notice>
      ) : null}
      {warnings.map((warning) => (
        <Notice key={warning} testId="notice-different-data">
          Not like for like: {warning}.
        </Notice>
      ))}
    </div>
  );
}
