/**
 * Serialises plain values as GraphQL input literals.
 *
 * The console writes arguments inline instead of as typed variables so that it depends only on the
 * field and argument names of the admin API contract, not on the generated names of its input types.
 * Strings go through JSON.stringify, whose escapes are all valid GraphQL string escapes, so user text
 * can never break out of a literal.
 */
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** An enum value (written bare, e.g. `role: ADMIN`); only a valid name can be one. */
export class GraphqlEnum {
  constructor(readonly name: string) {
    if (!NAME.test(name)) throw new Error(`Invalid GraphQL enum value: ${name}`);
  }
}

export const enumValue = (name: string | undefined) =>
  name === undefined ? undefined : new GraphqlEnum(name);

export function graphqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof GraphqlEnum) return value.name;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot send ${value} to the API: not a finite number`);
    return String(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(graphqlLiteral).join(', ')}]`;
  if (typeof value === 'object') return `{${graphqlArguments(value as Record<string, unknown>)}}`;
  throw new Error(`Cannot send a ${typeof value} to the API`);
}

/** `a: 1, b: "x"` — fields whose value is undefined are left out, so the server keeps its default. */
export function graphqlArguments(args: Record<string, unknown>): string {
  return Object.entries(args)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => {
      if (!NAME.test(name)) throw new Error(`Invalid GraphQL argument name: ${name}`);
      return `${name}: ${graphqlLiteral(value)}`;
    })
    .join(', ');
}

/** `(a: 1, b: "x")`, or nothing when every argument is undefined. */
export function argumentList(args: Record<string, unknown>): string {
  const list = graphqlArguments(args);
  return list ? `(${list})` : '';
}
