import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RunPageView } from '../../../features/run/components/run-page-view';
import { BadRunId } from '../../../features/run/components/bad-run-id';
import { parseViewState } from '../../../features/run/lib/chart-state';
import { isRunId } from '../../../features/run/lib/run-id';
import { loadRunPage } from '../../../features/run/server/load-run-page';
import { ProblemMessage } from '../../../features/shell/components/problem-message';

interface RunRouteProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params, searchParams }: RunRouteProps): Promise<Metadata> {
  const { id } = await params;
  if (!isRunId(id)) return { title: 'Not a run id' };
  const result = await loadRunPage(id, parseViewState(await searchParams).evalStep);
  if (!result.ok) return { title: result.problem.title };
  return { title: result.data.run ? `Run ${result.data.run.name}` : 'Run not found' };
}

export default async function RunRoute({ params, searchParams }: RunRouteProps) {
  const { id } = await params;
  if (!isRunId(id)) return <BadRunId value={id} />;
  const view = parseViewState(await searchParams);
  const result = await loadRunPage(id, view.evalStep);
  if (!result.ok) return <ProblemMessage problem={result.problem} />;
  if (!result.data.run) notFound();
  return (
    <RunPageView run={result.data.run} curves={result.data.curves} view={view} now={new Date()} />
  );
}
