/** One line of a unified diff: kept, removed (only in the old text) or added (only in the new). */
export interface DiffLine {
  kind: 'same' | 'removed' | 'added';
  text: string;
  oldLine?: number;
  newLine?: number;
}

/**
 * A line diff by longest common subsequence. Prompt versions are short (tens to hundreds of lines),
 * so the quadratic table is fine; past MAX_CELLS it falls back to "all removed, all added".
 */
const MAX_CELLS = 4_000_000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map((text, i) => ({ kind: 'removed' as const, text, oldLine: i + 1 })),
      ...b.map((text, i) => ({ kind: 'added' as const, text, newLine: i + 1 })),
    ];
  }
  // lengths[i][j]: the LCS length of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lengths[i][j] =
        a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i], oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lengths[i + 1][j] >= lengths[i][j + 1])) {
      // Removals before additions, as unified diffs show a changed line.
      lines.push({ kind: 'removed', text: a[i], oldLine: i + 1 });
      i++;
    } else {
      lines.push({ kind: 'added', text: b[j], newLine: j + 1 });
      j++;
    }
  }
  return lines;
}
