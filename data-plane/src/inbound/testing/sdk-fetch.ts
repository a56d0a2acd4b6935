/**
 * A `fetch` for the official SDKs that answers every request with fixed text, so tests can
 * run gateway output through the SDKs' own parsers without a network. Requests are kept.
 */
export function fixedFetch(
  text: string,
  status = 200,
  contentType = 'text/event-stream',
): { fetch: typeof fetch; requests: { url: string; body: unknown }[] } {
  const requests: { url: string; body: unknown }[] = [];
  const fake = async (input: unknown, init?: { body?: unknown }): Promise<Response> => {
    const url = typeof input === 'string' ? input : String((input as { url?: string }).url ?? input);
    requests.push({ url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    return new Response(text, { status, headers: { 'content-type': contentType } });
  };
  return { fetch: fake as typeof fetch, requests };
}

/** Calls `f` and returns what it threw (failing when it does not throw). */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected an exception');
}
