import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RunPageView } from '@/features/run/components/run-page-view';
import { loadRunView } from '@/features/run/lib/run-view';
import { isRunId } from '@/lib/run-id';
import { loadRun, loadRunCurves, loadRunDetails } from '@/features/run/server/load-run-page';
import { ProblemMessage } from '@/components/problem-message';

interface RunRouteProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: RunRouteProps): Promise<Metadata> {
  const { id } = await params;
  if (!isRunId(id)) return { title: 'Not a run id' };
  const result = await loadRun(id);
  if (!result.ok) return { title: result.problem.title };
  return { title: result.data ? `Run ${result.data.name}` : 'Run not found' };
}

// No loading.tsx on this route (nor above it): the run header's query resolves before the first
// byte, so a missing run answers HTTP 404. The rest (details, curves) streams behind Suspense
// boundaries inside RunPageView, each with its own loading state.
export default async function RunRoute({ params, searchParams }: RunRouteProps) {
  const { id } = await params;
  // not-found.tsx tells a malformed id from an unknown one (it reads the address).
  if (!isRunId(id)) notFound();
  const view = loadRunView(await searchParams);
  // The three requests leave together; only the header's is awaited here.
  const details = loadRunDetails(id, view.evalStep);
  const curves = loadRunCurves(id);
  const result = await loadRun(id);
  if (!result.ok) return <ProblemMessage problem={result.problem} />;
  if (!result.data) notFound();
  return (
    <RunPageView run={result.data} details={details} curves={curves} view={view} now={new Date()} />
  );
}
