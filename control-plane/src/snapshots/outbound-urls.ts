import type { OutboundPolicy, SnapshotContent } from '@switchyard/proto';

/** A URL the data plane will call on a customer's behalf, and where the configuration names it. */
interface OutboundUrl {
  where: string;
  url: string;
}

/** Every customer-configured destination in `content`: provider base URLs, MCP servers, guardrail webhooks. */
function outboundUrls(content: SnapshotContent): OutboundUrl[] {
  const slugs = new Map(content.workspaces.map((w) => [w.id, w.slug]));
  const at = (workspaceId: string, what: string) =>
    `workspace ${slugs.get(workspaceId) ?? workspaceId}: ${what}`;
  const urls: OutboundUrl[] = [];
  for (const p of content.providers)
    urls.push({ where: at(p.workspaceId, `provider ${p.name} baseUrl`), url: p.baseUrl });
  for (const s of content.mcpServers ?? [])
    urls.push({ where: at(s.workspaceId, `MCP server ${s.slug} url`), url: s.url });
  for (const g of content.guardrailPolicies ?? [])
    for (const c of g.checks) {
      const url = (c.params as { url?: unknown } | undefined)?.url;
      if (c.type === 'webhook' && typeof url === 'string')
        urls.push({ where: at(g.workspaceId, `guardrail policy ${g.name} webhook url`), url });
    }
  return urls;
}

/**
 * The destinations `next` adds (absent from `previous`) that the outbound policy refuses, as
 * "where: problem" lines. Only new ones: tightening the policy must not block unrelated changes
 * (the data plane refuses the old ones when it connects).
 */
export function refusedOutboundUrls(
  policy: OutboundPolicy,
  next: SnapshotContent,
  previous: SnapshotContent | null,
): string[] {
  const known = new Set(previous ? outboundUrls(previous).map((u) => u.url) : []);
  const problems: string[] = [];
  for (const { where, url } of outboundUrls(next)) {
    if (known.has(url)) continue;
    const problem = policy.urlProblem(url);
    if (problem) problems.push(`${where}: ${problem}`);
  }
  return problems;
}
