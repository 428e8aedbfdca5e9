// The specs' way to seed and inspect data: typed documents (GraphQL Code Generator) sent to
// the real API with a key, as any client of the API would.
import type { TypedDocumentString } from '@/graphql/generated/graphql';

export class ApiClient {
  constructor(
    readonly url: string,
    readonly key: string,
  ) {}

  withKey(key: string): ApiClient {
    return new ApiClient(this.url, key);
  }

  async request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
  ): Promise<TResult> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    const body = (await response.json()) as { data?: TResult; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) {
      throw new Error(
        `API error (HTTP ${response.status}): ${body.errors?.map((e) => e.message).join('; ')}`,
      );
    }
    return body.data;
  }
}
