/** The Prometheus text of a node's (or the control plane's) `GET /metrics`. */
export async function metricsOf(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (!res.ok) throw new Error(`GET ${baseUrl}/metrics answered ${res.status}`);
  return res.text();
}

/** The value of the unlabelled sample `name` in a Prometheus text exposition; throws if absent. */
export function gauge(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`no sample ${name}`);
  return Number(match[1]);
}
