import type { Metadata } from 'next';
import Link from 'next/link';
import { listRuns } from '../../features/runs/server/list-runs';
import { ProblemMessage } from '../../features/shell/components/problem-message';

export const metadata: Metadata = { title: 'Runs' };

export default async function RunsPage() {
  const result = await listRuns(50);
  if (!result.ok) return <ProblemMessage problem={result.problem} />;
  const { runs } = result.data;
  return (
    <section>
      <h1 className="mb-3 text-xl font-semibold">
        Runs <span className="text-muted">({runs.totalCount})</span>
      </h1>
      <ul>
        {runs.nodes.map((run) => (
          <li key={run.id}>
            <Link href={`/runs/${run.id}`}>{run.name}</Link> · {run.status} · {run.owner.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
