'use server';
// Promotion's two server actions: what the chosen alias points at now (for the confirmation) and
// the promotion itself. Server actions keep the member's key in its httpOnly cookie; Next
// already refuses an action posted from another origin, and these refuse a cross-site request
// themselves too, naming why. The API checks every permission again (promoteModel).
import { revalidatePath } from 'next/cache';
import { problemText } from '@/graphql/api-problem';
import { execute } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';
import type { PromotionTargetsQuery } from '@/graphql/generated/graphql';
import { isRunId } from '@/lib/run-id';
import { actionCrossSiteReason } from '@/lib/action-origin';

const PromotionTargetsDocument = graphql(`
  query PromotionTargets($projectId: ID!) {
    models(projectId: $projectId) {
      id
      name
      aliases {
        alias
        viewerCanMove
        version {
          version
          run {
            id
            name
            bestMacroF1
            rareClassF1
            owner {
              name
            }
          }
        }
      }
    }
  }
`);

const PromoteModelDocument = graphql(`
  mutation PromoteModel($runId: ID!, $name: String!, $alias: String!) {
    promoteModel(runId: $runId, name: $name, alias: $alias) {
      id
      version
      model {
        id
      }
    }
  }
`);

export type PromotionTarget = PromotionTargetsQuery['models'][number];

export type TargetsResult =
  { ok: true; models: PromotionTarget[] } | { ok: false; message: string };

export interface PromoteState {
  status: 'idle' | 'promoted' | 'error';
  message?: string;
  /** The argument the API refused (`name`, `alias`, `runId`), to show the message beside it. */
  field?: string;
  promoted?: { modelId: string; name: string; alias: string; version: number };
}

export async function loadPromotionTargets(projectId: string): Promise<TargetsResult> {
  const refused = await actionCrossSiteReason();
  if (refused) return { ok: false, message: `Refused ${refused}.` };
  if (!isRunId(projectId)) return { ok: false, message: `"${projectId}" is not a project id` };
  const result = await execute(PromotionTargetsDocument, { projectId });
  return result.ok
    ? { ok: true, models: result.data.models }
    : { ok: false, message: problemText(result.problem) };
}

export async function promoteRunAction(
  runId: string,
  _previous: PromoteState,
  formData: FormData,
): Promise<PromoteState> {
  const refused = await actionCrossSiteReason();
  if (refused) return { status: 'error', message: `Promotion refused: ${refused}.` };
  if (!isRunId(runId)) return { status: 'error', message: `"${runId}" is not a run id` };
  const name = String(formData.get('name') ?? '').trim();
  const alias = String(formData.get('alias') ?? '').trim();
  if (!name) return { status: 'error', field: 'name', message: 'Name the model to promote into.' };
  if (!alias) return { status: 'error', field: 'alias', message: 'Name the alias to move.' };
  const result = await execute(PromoteModelDocument, { runId, name, alias });
  if (!result.ok) {
    return {
      status: 'error',
      message: problemText(result.problem),
      ...(result.problem.field ? { field: result.problem.field } : {}),
    };
  }
  revalidatePath('/models');
  revalidatePath(`/runs/${runId}`);
  const { version, model } = result.data.promoteModel;
  return { status: 'promoted', promoted: { modelId: model.id, name, alias, version } };
}
