// What `hpa-train predict` asks the API to find a model: a run's MODEL artifacts with its best
// validation thresholds, or the registry's aliases (e.g. `champion`) with their versions.
import { graphql } from '../generated/index.ts';
import type { ModelOfRunQuery, RegistryAliasesQuery } from '../generated/graphql.ts';
import { createGraphqlRequest, type ApiConnection } from './graphql-transport.ts';

const MODEL_OF_RUN = graphql(`
  query modelOfRun($id: ID!) {
    run(id: $id) {
      id
      name
      status
      bestEvaluation(split: "val") {
        step
        threshold
      }
      artifacts(first: 200) {
        nodes {
          ...ArtifactFields
          createdAt
        }
      }
    }
  }
`);

const REGISTRY_ALIASES = graphql(`
  query registryAliases {
    models {
      name
      project {
        slug
      }
      aliases {
        alias
        version {
          version
          artifact {
            ...ArtifactFields
          }
          run {
            id
            name
            bestEvaluation(split: "val") {
              step
              threshold
            }
          }
        }
      }
    }
  }
`);

export type RunWithModels = NonNullable<ModelOfRunQuery['run']>;
export type RegisteredModelAliases = RegistryAliasesQuery['models'][number];

export async function modelOfRun(
  connection: ApiConnection,
  runId: string,
): Promise<RunWithModels | null> {
  const data = await createGraphqlRequest(connection)('modelOfRun', MODEL_OF_RUN, { id: runId });
  return data.run;
}

export async function registryAliases(
  connection: ApiConnection,
): Promise<RegisteredModelAliases[]> {
  const data = await createGraphqlRequest(connection)('registryAliases', REGISTRY_ALIASES, {});
  return data.models;
}
