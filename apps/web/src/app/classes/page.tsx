import type { Metadata } from 'next';
import Link from 'next/link';
import { ClassBoard } from '@/features/classes/components/class-board';
import { classesHref, loadClassBoardParams } from '@/features/classes/lib/class-url';
import { TOP_RUNS, loadClassBoard } from '@/features/classes/server/load-class-board';
import { ProblemMessage } from '@/components/problem-message';

export const metadata: Metadata = { title: 'Classes' };

export default async function ClassesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { project: slug, order } = await loadClassBoardParams(searchParams);
  const result = await loadClassBoard(slug || null);
  if (!result.ok) return <ProblemMessage problem={result.problem} />;
  const data = result.data;
  return (
    <section className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">Classes</h1>
        <p className="text-muted">Per class, the runs that win it.</p>
        {data.kind !== 'no-projects' && data.projects.length > 1 ? (
          <nav aria-label="Project" className="ml-auto flex flex-wrap gap-2 text-sm">
            {data.projects.map((project) => {
              const current = data.kind === 'board' && data.project.id === project.id;
              return (
                <Link
                  key={project.id}
                  href={classesHref({ project: project.slug, order })}
                  aria-current={current ? 'page' : undefined}
                  className={`rounded border border-border px-2 py-0.5 no-underline ${current ? 'bg-raised font-semibold' : 'hover:bg-raised'}`}
                >
                  {project.name}
                </Link>
              );
            })}
          </nav>
        ) : null}
      </div>
      {data.kind === 'no-projects' ? (
        <p role="status">There is no project yet: create one, then launch runs in it.</p>
      ) : data.kind === 'unknown-project' ? (
        <p
          role="alert"
          className="rounded-lg border border-danger bg-danger-bg px-4 py-3 text-danger"
        >
          No project has the slug “{data.slug}”. Choose one of{' '}
          {data.projects.map((project, i) => (
            <span key={project.id}>
              {i > 0 ? ', ' : ''}
              <Link href={classesHref({ project: project.slug, order })} className="underline">
                {project.name}
              </Link>
            </span>
          ))}
          .
        </p>
      ) : (
        <ClassBoard
          entries={data.entries}
          order={order}
          topRuns={TOP_RUNS}
          orderHref={(next) =>
            classesHref({
              project: data.projects.length > 1 || slug ? data.project.slug : null,
              order: next,
            })
          }
        />
      )}
    </section>
  );
}
