import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectClientAnswer, useFuzzPlane } from './support/fuzz-plane';

/**
 * Property-based fuzzing of the GraphQL API (issue 10, "Bad input"): whatever variables,
 * documents or bodies a client sends, the answer is HTTP 200 or 400 with GraphQL errors
 * carrying a stable client code, never INTERNAL_SERVER_ERROR, and the API keeps serving.
 * Inputs are generated from the schema itself (every field of every mutation input, with
 * values of every type). A failing property prints its seed; replay it with `FUZZ_SEED`.
 * What the fuzzing found, and the depth and size limits, are in graphql-limits.test.ts.
 */

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: SEED });
const SCHEMA: GraphQLSchema = buildSchema(readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8'));

const fuzz = useFuzzPlane();
const { send } = fuzz;

// ---- values from the schema ---------------------------------------------------------------------

const anyJson = fc.jsonValue({ maxDepth: 2 });
const idArb = fc.oneof(
  fc
    .constantFrom(
      () => fuzz.workspaceId,
      () => fuzz.providerId,
      () => fuzz.routeId,
      () => fuzz.keyId,
    )
    .map((get) => get()),
  fc.constantFrom('00000000-0000-4000-8000-000000000000', 'not-a-uuid', '', "' OR 1=1 --", '\u0000'),
  fc.uuid(),
);
const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'http://169.254.169.254/',
    'javascript:alert(1)',
    '../..',
  ),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)),
);

/** A value for an input type: usually of the right type (so validation goes deep), often not. */
function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(anyJson, oddString, fc.constantFrom<unknown>(null, -1, 1.5, 2 ** 31, true, [], {}));
  if (isNonNullType(type))
    return fc.oneof({ weight: 5, arbitrary: valueFor(type.ofType, depth) }, { weight: 1, arbitrary: wrong });
  let right: fc.Arbitrary<unknown>;
  if (isListType(type)) right = fc.array(valueFor(type.ofType, depth + 1), { maxLength: depth > 2 ? 1 : 3 });
  else if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant(null);
    const fields = type.getFields();
    right = fc.record(
      Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, valueFor(f.type, depth + 1)])),
      {
        requiredKeys: Object.entries(fields)
          .filter(([, f]) => isNonNullType(f.type))
          .map(([n]) => n),
      },
    );
  } else if (isEnumType(type)) right = fc.constantFrom(...type.getValues().map((v) => v.name));
  else if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        right = idArb;
        break;
      case 'Int':
        right = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31)));
        break;
      case 'Float':
        right = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 1e308));
        break;
      case 'Boolean':
        right = fc.boolean();
        break;
      case 'DateTime':
        right = fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.constantFrom('2020-13-45T99:99:99Z', 'yesterday', '0000-00-00', '+275760-09-13T00:00:00.001Z'),
        );
        break;
      case 'String':
        right = oddString;
        break;
      default:
        right = anyJson; // JSON and other custom scalars
    }
  } else right = anyJson;
  return fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

/** Every mutation with its arguments, as a document with one variable per argument. */
const MUTATIONS = Object.values(SCHEMA.getMutationType()!.getFields()).map((field) => {
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isScalarType(getNamedType(field.type)) ? '' : ' { __typename }';
  return {
    name: field.name,
    query: `mutation Fuzz${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
    variables: fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type)]))),
    [fc.toStringMethod]: () => field.name,
  };
});
const QUERIES = Object.values(SCHEMA.getQueryType()!.getFields())
  .filter((f) => f.args.length > 0)
  .map((field) => {
    const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
    const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const selection = isScalarType(getNamedType(field.type)) ? '' : ' { __typename }';
    return {
      name: field.name,
      query: `query Fuzz(${vars}) { ${field.name}(${args})${selection} }`,
      variables: fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type)]))),
      [fc.toStringMethod]: () => field.name,
    };
  });

// ---- properties -------------------------------------------------------------------------------

describe('fuzzing the GraphQL API', () => {
  it('answers every mutation with variables of wrong types and odd values with a client error (or data)', async () => {
    const caseArb = fc
      .constantFrom(...MUTATIONS)
      .chain((m) => fc.record({ m: fc.constant(m), variables: m.variables }));
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ m, variables }) => {
        expectClientAnswer(await send(JSON.stringify({ query: m.query, variables })));
      }),
      runs(200),
    );
  });

  it('answers every query with arguments of wrong types with a client error (or data)', async () => {
    const caseArb = fc
      .constantFrom(...QUERIES)
      .chain((q) => fc.record({ q: fc.constant(q), variables: q.variables }));
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ q, variables }) => {
        expectClientAnswer(await send(JSON.stringify({ query: q.query, variables })));
      }),
      runs(100),
    );
  });

  it('answers mutations without a token, or with a wrong one, with UNAUTHENTICATED or a client error', async () => {
    const caseArb = fc
      .constantFrom(...MUTATIONS)
      .chain((m) =>
        fc.record({ m: fc.constant(m), variables: m.variables, token: fc.constantFrom(null, 'wrong', '') }),
      );
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ m, variables, token }) => {
        const headers: Record<string, string> =
          token === null ? { authorization: '' } : { authorization: `Bearer ${token}` };
        const answer = await send(JSON.stringify({ query: m.query, variables }), headers);
        expectClientAnswer(answer);
        expect(answer.raw).not.toContain('"data":{"');
      }),
      runs(100),
    );
  });

  it('answers bodies that are not a GraphQL request with 400', async () => {
    const bodyArb = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }),
      fc.record({ query: anyJson, variables: anyJson, operationName: anyJson }).map((v) => JSON.stringify(v)),
      fc.record({ query: fc.string({ maxLength: 100 }) }).map((v) => JSON.stringify(v)),
      fc.constantFrom(
        '',
        '{',
        '{"query":',
        '[]',
        '[{"query":"{ workspaces { id } }"}]',
        '{"query":"{ workspaces { id } }","variables":"not an object"}',
        '{"query":"{ workspaces { id } }","variables":[1]}',
        '{"query":"{ workspaces { id } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}',
        '{"query":"mutation { createWorkspace(input: {name: 1, slug: {}}) { id } }"}',
        '{"query":"query A { workspaces { id } } query B { workspaces { id } }"}',
        '{"query":"{ workspaces { id } }","operationName":"Nope"}',
        '{"query":"subscription { workspaces { id } }"}',
        '{"query":"{ __proto__ }"}',
        '{"__proto__":{"query":"{ workspaces { id } }"}}',
      ),
    );
    const contentTypeArb = fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/graphql',
      '',
    );
    await fc.assert(
      fc.asyncProperty(bodyArb, contentTypeArb, async (body, contentType) => {
        expectClientAnswer(
          await send(body, { 'content-type': contentType, 'apollo-require-preflight': 'true' }),
        );
      }),
      runs(200),
    );
  });

  it('answers huge strings and oversized bodies with a client error or 413', async () => {
    for (const size of [100_000, 1_000_000, 4_000_000]) {
      const big = 'x'.repeat(size);
      expectClientAnswer(
        await send(
          JSON.stringify({
            query: 'mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { id } }',
            variables: { input: { slug: big, name: big.slice(0, size / 2) } },
          }),
        ),
      );
    }
    const tooLarge = await send(
      JSON.stringify({ query: `{ workspaces { id } } # ${'x'.repeat(6 * 1024 * 1024)}` }),
    );
    expect(tooLarge.status).toBe(413);
  });
});
