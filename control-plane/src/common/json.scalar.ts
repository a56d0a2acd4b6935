import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/*
 * JSON scalars for the few free-form values of the API (target overrides, provider
 * options, match values). Written here rather than taken from a package: two small
 * scalars are not worth a dependency.
 */

function literalValue(node: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => literalValue(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalValue(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    default:
      throw new GraphQLError(`JSON cannot represent ${node.kind}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any JSON value. */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalValue,
});

/** A JSON object (not an array, not null). */
export const JsonObjectScalar = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (!isPlainObject(value)) throw new GraphQLError('JSONObject must be an object');
    return value;
  },
  parseLiteral: (node, variables) => {
    const value = literalValue(node, variables);
    if (!isPlainObject(value)) throw new GraphQLError('JSONObject must be an object');
    return value;
  },
});
