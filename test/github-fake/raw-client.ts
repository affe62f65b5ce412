/** A bare fetch client for the fake's own tests: statuses and headers as sent, no retries. */
export interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** `token` '' sends no authorization header. */
export function rawClient(baseUrl: string, token = 'test-token') {
  return async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RawResponse> {
    const binary = body instanceof Uint8Array;
    const response = await fetch(path.startsWith('http') ? path : `${baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        accept: 'application/vnd.github+json',
        ...(token ? { authorization: `token ${token}` } : {}),
        ...(body !== undefined && !binary ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body:
        body === undefined ? undefined : binary ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
}
