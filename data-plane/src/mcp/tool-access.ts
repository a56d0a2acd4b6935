/** A glob (`*` any run, `?` one character, everything else literal) as an anchored regex. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/**
 * Which tools of one server a key may use, compiled once per snapshot: allowed when some
 * allow glob matches (or there is no allow list) and no deny glob does.
 */
export class ToolAccess {
  private readonly allow: RegExp[] | null;
  private readonly deny: RegExp[];

  constructor(allowTools: string[] | null, denyTools: string[]) {
    this.allow = allowTools === null ? null : allowTools.map(globToRegExp);
    this.deny = denyTools.map(globToRegExp);
  }

  allows(tool: string): boolean {
    if (this.allow !== null && !this.allow.some((r) => r.test(tool))) return false;
    return !this.deny.some((r) => r.test(tool));
  }
}
