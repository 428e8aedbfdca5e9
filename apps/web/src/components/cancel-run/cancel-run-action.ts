'use server';
// Cancels a run for its owner or an admin. A server action: the member's key stays in its
// httpOnly cookie, and a request from another site is refused (src/lib/action-origin.ts).
// Whether the button shows at all comes from the API's Run.viewerCanCancel; the API checks the
// permission again here.
import { revalidatePath } from 'next/cache';
import { problemText } from '@/graphql/api-problem';
import { execute } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';
import { actionCrossSiteReason } from '@/lib/action-origin';
import { isRunId } from '@/lib/run-id';

const CancelRunDocument = graphql(`
  mutation CancelRun($id: ID!, $reason: String) {
    cancelRun(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export interface CancelRunState {
  status: 'idle' | 'cancelled' | 'error';
  message?: string;
}

export async function cancelRunAction(
  runId: string,
  _previous: CancelRunState,
  formData: FormData,
): Promise<CancelRunState> {
  const refused = await actionCrossSiteReason();
  if (refused) return { status: 'error', message: `Cancel refused: ${refused}.` };
  if (!isRunId(runId)) return { status: 'error', message: `"${runId}" is not a run id` };
  const reasonField = formData.get('reason');
  const reason = typeof reasonField === 'string' && reasonField.trim() ? reasonField.trim() : null;
  const result = await execute(CancelRunDocument, { id: runId, reason });
  if (!result.ok) {
    return { status: 'error', message: problemText(result.problem) };
  }
  // The pages that show it: its own, and the queue panels of /launch and the runs table.
  revalidatePath(`/runs/${runId}`);
  revalidatePath('/runs');
  revalidatePath('/launch');
  return { status: 'cancelled' };
}
