/**
 * The console only knows the control plane. The playground calls a gateway node directly, so the
 * user gives its URL and a virtual key; both stay in this browser's localStorage, never in the API.
 */
const KEY = 'switchyard.playground';

export interface PlaygroundSettings {
  dataPlaneUrl: string;
  virtualKey: string;
}

export function loadPlaygroundSettings(): PlaygroundSettings {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<PlaygroundSettings>;
    return { dataPlaneUrl: stored.dataPlaneUrl ?? '', virtualKey: stored.virtualKey ?? '' };
  } catch {
    return { dataPlaneUrl: '', virtualKey: '' };
  }
}

export function savePlaygroundSettings(settings: PlaygroundSettings): void {
  localStorage.setItem(KEY, JSON.stringify(settings));
}

/** POSTs to `/v1/prompts/{id}/{action}` on the node; the answer's JSON, or an error that says why. */
export async function callPrompt(
  settings: PlaygroundSettings,
  promptId: string,
  action: 'render' | 'completions',
  selector: string,
  variables: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const base = settings.dataPlaneUrl.trim().replace(/\/+$/, '');
  const url = `${base}/v1/prompts/${encodeURIComponent(promptId)}/${action}${selector ? `?${selector}` : ''}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${settings.virtualKey.trim()}` },
      body: JSON.stringify({ variables }),
    });
  } catch {
    throw new Error(
      `Could not reach ${base}: check the URL, that the node is up, and that the browser may call it (CORS).`,
    );
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: shown as it came.
  }
  return { status: response.status, body };
}
