import type { Metadata } from 'next';
import { ProblemMessage } from '@/components/problem-message';
import { serverEnv } from '@/env';
import { ModelDetailView } from '@/features/models/components/model-detail-view';
import { ModelList } from '@/features/models/components/model-list';
import { loadModelDetail, loadModelList } from '@/features/models/server/load-models';

export const metadata: Metadata = { title: 'Models' };

export default async function ModelsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const asked = typeof params.model === 'string' ? params.model : null;
  // With a model in the URL both requests go out together; without one the first model of
  // the list (sorted by name) is shown, so its details wait for the list.
  const [list, askedDetail] = await Promise.all([
    loadModelList(),
    asked ? loadModelDetail(asked) : null,
  ]);
  if (!list.ok) {
    return (
      <section>
        <h1 className="mb-3 text-xl font-semibold">Models</h1>
        <ProblemMessage problem={list.problem} />
      </section>
    );
  }
  const { models } = list.data;
  const selectedId = asked ?? models[0]?.id ?? null;
  const detail = askedDetail ?? (selectedId ? await loadModelDetail(selectedId) : null);
  return (
    <section className="flex flex-col gap-5">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">Models</h1>
        <span className="num text-muted">{models.length} registered</span>
      </div>
      {models.length === 0 ? (
        <p className="rounded border border-border bg-surface px-3 py-2">
          No model is registered yet. Promote a succeeded run from its page (the Promote button) to
          register its model and point an alias such as <code>champion</code> at it.
        </p>
      ) : (
        // A long registry scrolls inside its own box, so the chosen model stays near the top.
        // The box is a focusable region: keyboard users can scroll it too.
        <div
          role="region"
          aria-label="Registered models"
          tabIndex={0}
          className="max-h-80 overflow-y-auto rounded border border-border"
        >
          <ModelList data={models} selectedId={selectedId} />
        </div>
      )}
      {detail === null ? null : !detail.ok ? (
        <ProblemMessage problem={detail.problem} />
      ) : detail.data === null ? (
        <p role="alert" className="rounded border border-danger bg-danger-bg px-3 py-2 text-danger">
          No registered model has the id “{asked}”. Choose one from the list above.
        </p>
      ) : (
        <ModelDetailView data={detail.data} apiUrl={serverEnv().apiUrl} />
      )}
    </section>
  );
}
