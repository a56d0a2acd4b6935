import { invalidConfig } from './config-apply.exception';
import type { ApplyConfigInput } from './dtos/apply-config.input';

/**
 * Checks what field validation cannot: names that must be unique within the config, and
 * fixed key secrets used twice. References to providers and routes are checked while
 * applying, since they may also name objects that already exist.
 */
export function checkConfigConsistency(input: ApplyConfigInput): void {
  const problems: string[] = [];
  const repeated = (values: string[]) => [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];

  for (const slug of repeated(input.workspaces.map((w) => w.slug)))
    problems.push(`workspace "${slug}" is declared twice`);
  for (const w of input.workspaces) {
    for (const name of repeated((w.providers ?? []).map((p) => p.name))) {
      problems.push(`workspaces[${w.slug}]: provider "${name}" is declared twice`);
    }
    for (const alias of repeated((w.routes ?? []).map((r) => r.alias))) {
      problems.push(`workspaces[${w.slug}]: route "${alias}" is declared twice`);
    }
    for (const name of repeated((w.keys ?? []).map((k) => k.name))) {
      problems.push(`workspaces[${w.slug}]: key "${name}" is declared twice`);
    }
    for (const slug of repeated((w.mcpServers ?? []).map((s) => s.slug))) {
      problems.push(`workspaces[${w.slug}]: MCP server "${slug}" is declared twice`);
    }
    const limitTargets = (w.rateLimits ?? []).map((l) =>
      l.key ? `key "${l.key}"` : l.route ? `route "${l.route}"` : 'the workspace',
    );
    for (const target of repeated(limitTargets))
      problems.push(`workspaces[${w.slug}]: the rate limit of ${target} is declared twice`);
    for (const slug of repeated((w.prompts ?? []).map((p) => p.slug))) {
      problems.push(`workspaces[${w.slug}]: prompt "${slug}" is declared twice`);
    }
    for (const s of w.mcpServers ?? []) {
      for (const key of repeated((s.access ?? []).map((a) => a.key)))
        problems.push(
          `workspaces[${w.slug}].mcpServers[${s.slug}]: access for key "${key}" is declared twice`,
        );
    }
  }
  const secrets = input.workspaces.flatMap((w) =>
    (w.keys ?? []).flatMap((k) => (k.secret ? [k.secret] : [])),
  );
  if (repeated(secrets).length) problems.push('two keys declare the same secret');

  if (problems.length) throw invalidConfig(`Invalid config: ${problems.join('; ')}`);
}
