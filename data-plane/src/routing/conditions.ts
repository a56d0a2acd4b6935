import type { IncomingHttpHeaders } from 'node:http';
import type { SnapshotConditions, SnapshotMatch } from '@switchyard/proto';

/** What conditional rules can look at. `metadata` is parsed from `x-switchyard-metadata` only if a rule needs it. */
export interface RoutingInput {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  keyId: string;
  keyName: string;
  workspaceId: string;
  workspaceSlug: string;
  metadata(): Record<string, unknown>;
}

type Scalar = string | number | boolean;
type Read = (input: RoutingInput) => unknown;
type Test = (input: RoutingInput) => boolean;

function reader(field: string): Read {
  const dot = field.indexOf('.');
  const scope = field.slice(0, dot);
  const name = field.slice(dot + 1);
  switch (scope) {
    case 'header': {
      const header = name.toLowerCase();
      return (i) => {
        const v = i.headers[header];
        return Array.isArray(v) ? v[0] : v;
      };
    }
    case 'metadata':
      return (i) => i.metadata()[name];
    case 'param':
      return (i) => i.body[name];
    case 'key':
      return name === 'id' ? (i) => i.keyId : (i) => i.keyName;
    case 'workspace':
      return name === 'id' ? (i) => i.workspaceId : (i) => i.workspaceSlug;
    default:
      throw new Error(`unknown condition field ${field}`);
  }
}

/** Header and metadata values are strings; compare numbers and booleans by their text form there. */
function same(actual: unknown, expected: Scalar): boolean {
  if (actual === expected) return true;
  if (typeof actual === 'string' && typeof expected !== 'string') return actual === String(expected);
  if (typeof expected === 'string' && (typeof actual === 'number' || typeof actual === 'boolean'))
    return String(actual) === expected;
  return false;
}

function numeric(actual: unknown): number {
  if (typeof actual === 'number') return actual;
  if (typeof actual === 'string' && actual.trim() !== '') return Number(actual);
  return NaN;
}

function compileMatch(m: SnapshotMatch): Test {
  const read = reader(m.field);
  const value = m.value;
  switch (m.op) {
    case 'exists':
      return (i) => read(i) !== undefined && read(i) !== null;
    case 'eq':
      return (i) => same(read(i), value as Scalar);
    case 'neq':
      return (i) => !same(read(i), value as Scalar);
    case 'in': {
      const list = value as Scalar[];
      return (i) => {
        const a = read(i);
        return list.some((v) => same(a, v));
      };
    }
    case 'nin': {
      const list = value as Scalar[];
      return (i) => {
        const a = read(i);
        return !list.some((v) => same(a, v));
      };
    }
    case 'gt':
      return (i) => numeric(read(i)) > (value as number);
    case 'gte':
      return (i) => numeric(read(i)) >= (value as number);
    case 'lt':
      return (i) => numeric(read(i)) < (value as number);
    case 'lte':
      return (i) => numeric(read(i)) <= (value as number);
    case 'regex': {
      const re = new RegExp(value as string);
      return (i) => {
        const a = read(i);
        return (typeof a === 'string' || typeof a === 'number') && re.test(String(a));
      };
    }
  }
}

/** Compiles a route's rules once per snapshot into `input → target index`. */
export function compileConditions(conditions: SnapshotConditions): (input: RoutingInput) => number {
  const rules = conditions.rules.map((rule) => ({ tests: rule.when.map(compileMatch), target: rule.target }));
  const fallback = conditions.defaultTarget;
  return (input) => {
    for (const rule of rules) if (rule.tests.every((t) => t(input))) return rule.target;
    return fallback;
  };
}
