// Issue 24.5: every parameter of the REST routes (artifact upload and download, a model alias's
// file) goes through one check: a NUL byte, another control character, malformed percent
// encoding or an id that is not one is refused with 400 BAD_USER_INPUT naming the parameter,
// never a database error answered as 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from './artifact-http.ts';
import { startTestApi, type TestApi } from './test-api.ts';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const RUN_ID = '00000000-0000-4000-8000-000000000001';

describe('REST route parameters', () => {
  const cases: [method: string, path: string, parameter: string][] = [
    ['GET', '/models/hpa%00/hpa-classifier/aliases/champion', 'projectSlug'],
    ['GET', '/models/hpa/hpa%00classifier/aliases/champion', 'modelName'],
    ['GET', '/models/hpa/hpa-classifier/aliases/champ%00ion', 'alias'],
    ['GET', '/models/hpa/hpa-classifier/aliases/champ%09ion', 'alias'],
    ['GET', '/models/hpa/hpa-classifier/aliases/%E0%A4%A', 'alias'],
    ['GET', '/artifacts/abc%00', 'artifactId'],
    ['GET', '/artifacts/not-a-uuid', 'artifactId'],
    ['PUT', `/artifacts/runs/${RUN_ID}%00/model.bin?kind=MODEL`, 'runId'],
    ['PUT', `/artifacts/runs/not-a-uuid/model.bin?kind=MODEL`, 'runId'],
    ['PUT', `/artifacts/runs/${RUN_ID}/model%00.bin?kind=MODEL`, 'name'],
    ['PUT', `/artifacts/runs/${RUN_ID}/model.bin?kind=MO%00DEL`, 'kind'],
  ];
  for (const [method, path, parameter] of cases) {
    it(`${method} ${path} answers 400 naming ${parameter}`, async () => {
      const response = await httpRequest(`${api.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${api.adminKey}`,
          'x-content-sha256': '0'.repeat(64),
          'content-length': '3',
        },
        chunks: method === 'PUT' ? [Buffer.from('abc')] : [],
      });
      expect(response.status).toBe(400);
      const error = response.json().errors![0]!;
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain(parameter);
    });
  }
});
