// What launch.spec.ts and models.spec.ts share about the model registry: promoting a run through
// its page's confirmation, and reading a registered model back from the API to check the page
// against.
import type { Page } from '@playwright/test';
import { graphql } from '../src/graphql/generated';
import { expect } from './fixtures';
import type { ApiClient } from './harness/api-client';

const ModelsDocument = graphql(`
  query E2eModels($projectId: ID) {
    models(projectId: $projectId) {
      id
      name
      aliases {
        alias
        version {
          version
          artifact {
            sha256
            bytes
          }
          run {
            id
          }
        }
      }
      versions {
        totalCount
      }
      promotions {
        totalCount
      }
    }
  }
`);

/** The registered model named `name` (in any project unless one is given), as the API has it. */
export async function registeredModel(api: ApiClient, name: string, projectId?: string) {
  const { models } = await api.request(ModelsDocument, { projectId: projectId ?? null });
  const model = models.find((entry) => entry.name === name);
  if (!model) throw new Error(`No registered model named ${name}`);
  return model;
}

/** Opens the run page's promotion form filled with a model and alias, the registry read. */
export async function promoteFromRunPage(page: Page, runId: string, model: string, alias: string) {
  await page.goto(`/runs/${runId}`);
  await page.getByRole('button', { name: 'Promote…' }).click();
  const form = page.getByRole('form', { name: "Promote this run's model" });
  await expect(form.getByText('Reading the registry…')).toBeHidden();
  await form.getByLabel('Registered model').fill(model);
  await form.getByLabel('Alias', { exact: true }).fill(alias);
  await expect(form.getByLabel('Registered model')).toHaveValue(model);
  return form;
}
