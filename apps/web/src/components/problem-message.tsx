import type { ApiProblem } from '@/graphql/api-problem';

/** An API problem as a message on the page: what went wrong, then the API's own words. */
export function ProblemMessage({ problem }: { problem: ApiProblem }) {
  return (
    <section
      role="alert"
      className="rounded-lg border border-danger bg-danger-bg px-4 py-3 text-danger"
    >
      <h2 className="font-semibold">{problem.title}</h2>
      <p className="mt-1">
        {problem.detail}
        {problem.fix ? (
          <>
            {' Run '}
            <code className="rounded bg-canvas px-1 font-mono text-fg">
              {problem.fix.command}
            </code>{' '}
            {problem.fix.effect}.
          </>
        ) : null}
      </p>
    </section>
  );
}
