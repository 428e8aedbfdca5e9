// The /models page's data: the list of registered models (each with its aliases and newest
// version), and the one model shown in full (its versions and promotion history, a page each).
// The list never fetches every version of every model; each component's fragment says what
// it reads.
import 'server-only';
import { execute, type ApiResult } from '@/graphql/execute';
import { graphql } from '@/graphql/generated';
import type { ModelDetailQuery, ModelListQuery } from '@/graphql/generated/graphql';
import { isRunId } from '@/lib/run-id';

export const ModelListDocument = graphql(`
  query ModelList {
    models {
      id
      ...ModelList_RegisteredModel
    }
  }
`);

export const ModelDetailDocument = graphql(`
  query ModelDetail($id: ID!) {
    registeredModel(id: $id) {
      id
      ...ModelDetailView_RegisteredModel
    }
  }
`);

export type ModelDetail = NonNullable<ModelDetailQuery['registeredModel']>;

export function loadModelList(): Promise<ApiResult<ModelListQuery>> {
  return execute(ModelListDocument, {});
}

/** The chosen model, or null for an id that is not one (the page then says so). */
export async function loadModelDetail(id: string): Promise<ApiResult<ModelDetail | null>> {
  // Model ids are UUIDs like run ids; anything else cannot name a model.
  if (!isRunId(id)) return { ok: true, data: null };
  const result = await execute(ModelDetailDocument, { id });
  return result.ok ? { ok: true, data: result.data.registeredModel ?? null } : result;
}
