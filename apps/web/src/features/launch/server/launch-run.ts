'use server';
// Launches a run for the member: launchRun with the form's config and the idempotency key the
// form chose for this submission (lib/launch-key.ts), so a retry after the API went away returns
// the run the first attempt created. The API validates everything again; its refusal comes
// back with the fields it named, for the form to show beside them.
import { revalidatePath } from 'next/cache';
import type { ApiProblem } from '@/graphql/api-problem';
import { execute } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';
import { actionCrossSiteReason } from '@/lib/action-origin';

const LaunchRunDocument = graphql(`
  mutation LaunchRun($input: LaunchRunInput!) {
    launchRun(input: $input) {
      id
    }
  }
`);

export interface LaunchRequest {
  projectId: string;
  name: string;
  approach: string | null;
  tags: string[];
  config: unknown;
  idempotencyKey: string;
}

export type LaunchResult = { ok: true; runId: string } | { ok: false; problem: ApiProblem };

export async function launchRunAction(request: LaunchRequest): Promise<LaunchResult> {
  const refused = await actionCrossSiteReason();
  if (refused) {
    return {
      ok: false,
      problem: { kind: 'forbidden', title: 'Launch refused', detail: `Refused ${refused}.` },
    };
  }
  const result = await execute(LaunchRunDocument, {
    input: {
      projectId: request.projectId,
      name: request.name,
      approach: request.approach,
      tags: request.tags,
      config: request.config,
      idempotencyKey: request.idempotencyKey,
    },
  });
  if (!result.ok) return { ok: false, problem: result.problem };
  revalidatePath('/runs');
  revalidatePath('/launch');
  return { ok: true, runId: result.data.launchRun.id };
}
