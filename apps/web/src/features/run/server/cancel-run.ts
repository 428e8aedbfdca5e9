'use server';
// Cancels a run for its owner or an admin. A server action: Next refuses actions posted from
// another origin, and the member's key stays in its httpOnly cookie. Whether the button shows
// at all comes from the API's Run.viewerCanCancel; the API checks the permission again here.
import { revalidatePath } from 'next/cache';
import { problemText } from '../../../graphql/api-problem';
import { execute } from '../../../graphql/execute';
import { graphql } from '../../../graphql/generated';
import { isRunId } from '../lib/run-id';

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
  if (!isRunId(runId)) return { status: 'error', message: `"${runId}" is not a run id` };
  const reasonField = formData.get('reason');
  const reason = typeof reasonField === 'string' && reasonField.trim() ? reasonField.trim() : null;
  const result = await execute(CancelRunDocument, { id: runId, reason });
  if (!result.ok) {
    return { status: 'error', message: problemText(result.problem) };
  }
  revalidatePath(`/runs/${runId}`);
  return { status: 'cancelled' };
}
