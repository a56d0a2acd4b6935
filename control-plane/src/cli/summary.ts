export interface ApplyResult {
  changes: Array<{ kind: string; name: string; workspace: string; action: string }>;
  generatedKeys: Array<{ workspace: string; name: string; secret: string }>;
  snapshotVersion: number | null;
}

/** The human summary of an apply: one line per object, totals, then generated secrets. */
export function formatSummary(result: ApplyResult, file: string): string {
  const rows = result.changes.map((c) => [
    c.kind,
    c.kind === 'workspace' ? c.name : `${c.workspace}/${c.name}`,
    c.action,
  ]);
  const widths = [0, 1].map((col) => Math.max(0, ...rows.map((r) => r[col].length)));
  const lines = [`Applied ${file} (snapshot version ${result.snapshotVersion ?? 'none'})`];
  for (const [kind, name, action] of rows)
    lines.push(`  ${kind.padEnd(widths[0])}  ${name.padEnd(widths[1])}  ${action}`);
  const count = (action: string) => result.changes.filter((c) => c.action === action).length;
  lines.push(`${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged`);
  if (result.generatedKeys.length) {
    lines.push('', 'Generated key secrets (shown once, they are not stored; save them now):');
    for (const k of result.generatedKeys) lines.push(`  ${k.workspace}/${k.name}  ${k.secret}`);
  }
  return `${lines.join('\n')}\n`;
}
