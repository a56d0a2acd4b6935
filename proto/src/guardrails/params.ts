import { GuardrailParamError } from './types';

/** Reads and checks one parameter, so every check reports bad config the same way. */
export class Params {
  constructor(
    private readonly params: Record<string, unknown>,
    private readonly type: string,
  ) {}

  private fail(name: string, what: string): never {
    throw new GuardrailParamError(`${this.type}: ${name} ${what}`);
  }

  string(name: string, optional?: false): string;
  string(name: string, optional: true): string | undefined;
  string(name: string, optional = false): string | undefined {
    const v = this.params[name];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || v.length === 0 || v.length > 10_000)
      this.fail(name, 'must be a non-empty string of at most 10000 characters');
    return v;
  }

  strings(name: string, optional?: false): string[];
  strings(name: string, optional: true): string[] | undefined;
  strings(name: string, optional = false): string[] | undefined {
    const v = this.params[name];
    if (v === undefined && optional) return undefined;
    if (
      !Array.isArray(v) ||
      v.length === 0 ||
      v.length > 10_000 ||
      !v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 1000)
    )
      this.fail(name, 'must be a non-empty list of non-empty strings');
    return v as string[];
  }

  int(name: string, optional?: false): number;
  int(name: string, optional: true): number | undefined;
  int(name: string, optional = false): number | undefined {
    const v = this.params[name];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100_000_000)
      this.fail(name, 'must be a non-negative integer');
    return v;
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const v = this.params[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      this.fail(name, `must be a number from ${min} to ${max}`);
    return v;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.params[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(name, 'must be true or false');
    return v;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback?: T): T {
    const v = this.params[name];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !values.includes(v as T))
      this.fail(name, `must be one of ${values.join(', ')}`);
    return v as T;
  }

  object(name: string): Record<string, unknown> {
    const v = this.params[name];
    if (!v || typeof v !== 'object' || Array.isArray(v)) this.fail(name, 'must be an object');
    return v as Record<string, unknown>;
  }

  /** `min`/`max` bounds, at least one of them, ordered. */
  bounds(): { min: number; max: number } {
    const min = this.int('min', true);
    const max = this.int('max', true);
    if (min === undefined && max === undefined) this.fail('min/max', 'need at least one of min and max');
    if (min !== undefined && max !== undefined && min > max) this.fail('min', 'must not exceed max');
    return { min: min ?? 0, max: max ?? Infinity };
  }

  /** A regex source compiled with the given flags (`g` always added for finding). */
  regex(name: string, flagsName = 'flags'): RegExp {
    const source = this.string(name);
    const flags = this.string(flagsName, true) ?? '';
    if (!/^[imsu]*$/.test(flags) || new Set(flags).size !== flags.length)
      this.fail(flagsName, 'may only hold the flags i, m, s, u, each once');
    try {
      return new RegExp(source, `${flags}g`);
    } catch (err) {
      this.fail(name, `does not compile: ${(err as Error).message}`);
    }
  }

  /** Fails on parameters the check does not know, so typos do not silently disable a check. */
  only(...known: string[]): void {
    for (const name of Object.keys(this.params)) {
      if (!known.includes(name)) this.fail(name, `is not a parameter (known: ${known.join(', ') || 'none'})`);
    }
  }
}

/** Every match of a global regex in `text` (empty matches skipped), with the replacement. */
export function regexMatches(
  regex: RegExp,
  text: string,
  replacement: string,
  accept?: (match: string) => boolean,
): { start: number; end: number; replacement: string }[] {
  const out: { start: number; end: number; replacement: string }[] = [];
  regex.lastIndex = 0;
  for (const m of text.matchAll(regex)) {
    if (m[0].length === 0) continue;
    if (accept && !accept(m[0])) continue;
    out.push({ start: m.index, end: m.index + m[0].length, replacement });
  }
  return out;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
