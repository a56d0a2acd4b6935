import { invalidFilter } from './scim.exception';

/**
 * SCIM filters (RFC 7644 §3.4.2.2) parsed into a tree, then turned into a parameterised SQL
 * condition over a whitelist of attributes. Attribute names are case-insensitive and may
 * carry their schema URN; `and` binds tighter than `or`; `not (…)`, grouping and value paths
 * (`emails[type eq "work" and value eq "x"]`) are supported.
 */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterValue = string | number | boolean | null;

export type Filter =
  | { kind: 'compare'; attr: string; op: CompareOp; value: FilterValue }
  | { kind: 'present'; attr: string }
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter };

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const MAX_FILTER_LENGTH = 2000;

type Token =
  | { type: 'word'; text: string }
  | { type: 'value'; value: FilterValue }
  | { type: '(' | ')' | '[' | ']' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ type: c });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < input.length && input[j] !== '"') j += input[j] === '\\' ? 2 : 1;
      if (j >= input.length) throw invalidFilter(`Unterminated string in filter at ${i}`);
      try {
        tokens.push({ type: 'value', value: JSON.parse(input.slice(i, j + 1)) as string });
      } catch {
        throw invalidFilter(`Invalid string in filter at ${i}`);
      }
      i = j + 1;
    } else {
      let j = i;
      while (j < input.length && !' \t()[]"'.includes(input[j])) j++;
      const text = input.slice(i, j);
      if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) tokens.push({ type: 'value', value: Number(text) });
      else if (/^(true|false|null)$/i.test(text))
        tokens.push({ type: 'value', value: JSON.parse(text.toLowerCase()) as boolean | null });
      else tokens.push({ type: 'word', text });
      i = j;
    }
  }
  return tokens;
}

/** Parses a filter; throws a SCIM 400 `invalidFilter` naming the problem. */
export function parseFilter(input: string): Filter {
  if (input.length > MAX_FILTER_LENGTH) throw invalidFilter('Filter is too long');
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, w: string) => t?.type === 'word' && t.text.toLowerCase() === w;
  const expect = (type: ')' | ']') => {
    if (peek()?.type !== type) throw invalidFilter(`Expected "${type}" in filter`);
    pos++;
  };

  const parseOr = (prefix: string): Filter => {
    let left = parseAnd(prefix);
    while (isWord(peek(), 'or')) {
      pos++;
      left = { kind: 'or', left, right: parseAnd(prefix) };
    }
    return left;
  };
  const parseAnd = (prefix: string): Filter => {
    let left = parseUnary(prefix);
    while (isWord(peek(), 'and')) {
      pos++;
      left = { kind: 'and', left, right: parseUnary(prefix) };
    }
    return left;
  };
  const parseUnary = (prefix: string): Filter => {
    const token = peek();
    if (isWord(token, 'not')) {
      pos++;
      if (peek()?.type !== '(') throw invalidFilter('Expected "(" after not');
      pos++;
      const filter = parseOr(prefix);
      expect(')');
      return { kind: 'not', filter };
    }
    if (token?.type === '(') {
      pos++;
      const filter = parseOr(prefix);
      expect(')');
      return filter;
    }
    if (token?.type !== 'word') throw invalidFilter('Expected an attribute name in filter');
    pos++;
    const attr = prefix + token.text;
    if (peek()?.type === '[') {
      if (prefix) throw invalidFilter('Value paths cannot nest');
      pos++;
      const filter = parseOr(`${token.text}.`);
      expect(']');
      return filter;
    }
    const op = peek();
    if (op?.type !== 'word') throw invalidFilter(`Expected an operator after ${token.text}`);
    pos++;
    const name = op.text.toLowerCase();
    if (name === 'pr') return { kind: 'present', attr };
    if (!COMPARE_OPS.has(name)) throw invalidFilter(`Unknown operator "${op.text}"`);
    const value = peek();
    if (value?.type !== 'value') throw invalidFilter(`Expected a value after ${token.text} ${op.text}`);
    pos++;
    return { kind: 'compare', attr, op: name as CompareOp, value: value.value };
  };

  if (!tokens.length) throw invalidFilter('Empty filter');
  const filter = parseOr('');
  if (pos !== tokens.length) throw invalidFilter('Unexpected text after the filter');
  return filter;
}

/** How a filterable attribute reads in SQL. `multi`: an array expression, `eq` means "contains". */
export interface FilterAttribute {
  sql: string;
  type: 'string' | 'boolean' | 'date' | 'multi';
  caseExact?: boolean;
}

/** Lower-cased attribute path, without schema URN → its SQL. */
export type FilterAttributes = Record<string, FilterAttribute>;

const SCHEMA_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/i;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The filter as a SQL condition; values go into `params` (placeholders continue from its
 * length). Unknown attributes and type mismatches throw `invalidFilter`.
 */
export function filterToSql(filter: Filter, attributes: FilterAttributes, params: unknown[]): string {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const attribute = (path: string): FilterAttribute => {
    const spec = attributes[path.replace(SCHEMA_PREFIX, '').toLowerCase()];
    if (!spec) throw invalidFilter(`Filtering on "${path}" is not supported`);
    return spec;
  };
  const walk = (f: Filter): string => {
    switch (f.kind) {
      case 'and':
      case 'or':
        return `(${walk(f.left)} ${f.kind.toUpperCase()} ${walk(f.right)})`;
      case 'not':
        return `(NOT COALESCE(${walk(f.filter)}, false))`;
      case 'present': {
        const a = attribute(f.attr);
        if (a.type === 'multi') return `(cardinality(${a.sql}) > 0)`;
        if (a.type === 'string') return `(${a.sql} IS NOT NULL AND ${a.sql} <> '')`;
        return `(${a.sql} IS NOT NULL)`;
      }
      case 'compare':
        return compare(attribute(f.attr), f, param);
    }
  };
  return walk(filter);
}

function compare(
  a: FilterAttribute,
  f: Extract<Filter, { kind: 'compare' }>,
  param: (value: unknown) => string,
): string {
  const { op, value } = f;
  if (value === null) {
    if (op === 'eq') return `(${a.sql} IS NULL)`;
    if (op === 'ne') return `(${a.sql} IS NOT NULL)`;
    throw invalidFilter(`${f.attr} ${op} null is not a comparison`);
  }
  switch (a.type) {
    case 'boolean':
      if (typeof value !== 'boolean' || (op !== 'eq' && op !== 'ne'))
        throw invalidFilter(`${f.attr} is a boolean: use eq or ne with true or false`);
      return `(${a.sql} ${op === 'eq' ? '=' : '<>'} ${param(value)})`;
    case 'multi':
      if (typeof value !== 'string' || op !== 'eq') throw invalidFilter(`${f.attr} supports eq "<id>" only`);
      return `(${param(value)} = ANY(${a.sql}))`;
    case 'date': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || ['co', 'sw', 'ew'].includes(op))
        throw invalidFilter(
          `${f.attr} is a date: compare it with eq, ne, gt, ge, lt or le and an ISO 8601 time`,
        );
      return `(${a.sql} ${SQL_OPS[op]} ${param(new Date(value).toISOString())}::timestamptz)`;
    }
    case 'string': {
      if (typeof value !== 'string')
        throw invalidFilter(`${f.attr} is a string: compare it with a "quoted" value`);
      const column = a.caseExact ? a.sql : `lower(${a.sql})`;
      const v = a.caseExact ? value : value.toLowerCase();
      if (op === 'co') return `(${column} LIKE '%' || ${param(escapeLike(v))} || '%')`;
      if (op === 'sw') return `(${column} LIKE ${param(escapeLike(v))} || '%')`;
      if (op === 'ew') return `(${column} LIKE '%' || ${param(escapeLike(v))})`;
      return `(${column} ${SQL_OPS[op]} ${param(v)})`;
    }
  }
}

const SQL_OPS: Record<CompareOp, string> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
  co: 'LIKE',
  sw: 'LIKE',
  ew: 'LIKE',
};
