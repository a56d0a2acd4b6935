import { getIntrospectionQuery } from 'graphql';
import { expectClientAnswer, useFuzzPlane } from './support/fuzz-plane';

// What the API refuses before resolving anything: requests the fuzzing found failing
// (persisted queries, subscriptions) and queries past the depth and size limits.

const fuzz = useFuzzPlane();
const { send } = fuzz;

describe('regressions found by the fuzzing', () => {
  it('refuses persisted queries with BAD_USER_INPUT (they are off; a hash mismatch was INTERNAL_SERVER_ERROR)', async () => {
    const answer = await send(
      JSON.stringify({
        query: '{ workspaces { id } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } },
      }),
    );
    expectClientAnswer(answer);
    expect(JSON.parse(answer.raw)).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('refuses subscriptions with BAD_USER_INPUT (there are none; was INTERNAL_SERVER_ERROR)', async () => {
    const answer = await send(JSON.stringify({ query: 'subscription { workspaces { id } }' }));
    expectClientAnswer(answer);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.raw)).toMatchObject({
      errors: [{ message: 'This API has no subscription operations.' }],
    });
  });
});

describe('query depth and size', () => {
  const nested = (depth: number) =>
    `{ __schema { types { ${'fields { type { '.repeat(depth)}name${' } }'.repeat(depth)} } } }`;
  const ofTypes = (depth: number) =>
    `{ __schema { types { ${'ofType { '.repeat(depth)}name${' }'.repeat(depth)} } } }`;

  it('still answers the introspection query (what the console and codegen send)', async () => {
    const res = await fuzz.t.gql(getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
    expect(res.status).toBe(200);
  });

  it('refuses queries nested past the depth limit with BAD_USER_INPUT', async () => {
    for (const query of [ofTypes(30), nested(20)]) {
      const res = await fuzz.t.gql(query);
      expect(res.status).toBe(400);
      expect(res.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: expect.stringMatching(/depth/),
      });
    }
  });

  it('refuses deep nesting through fragments and inline fragments', async () => {
    const fragments = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on __Type { ofType { ...F${i + 1} } }`,
    ).join('\n');
    const viaFragments = `{ __schema { types { ...F0 } } }\n${fragments}\nfragment F30 on __Type { name }`;
    const inline = `{ __schema { types { ${'... on __Type { ofType { '.repeat(30)}name${' } }'.repeat(30)} } } }`;
    for (const query of [viaFragments, inline]) {
      const res = await fuzz.t.gql(query);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('answers the most aliases the limit allows without failing', async () => {
    const query = `{ ${Array.from({ length: 450 }, (_, i) => `a${i}: workspaces { id }`).join(' ')} }`;
    const answer = await send(JSON.stringify({ query }));
    expectClientAnswer(answer);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.raw)).not.toHaveProperty('errors');
  });

  it('answers absurdly deep or long documents (10k levels, 10k aliases) with a client error, quickly', async () => {
    const deepBraces = `{ __schema { types { ${'ofType { '.repeat(10_000)}name${' }'.repeat(10_000)} } } }`;
    const deepFragments = `{ workspaces { ${'... on Workspace { '.repeat(10_000)}id${' }'.repeat(10_000)} } }`;
    const deepList = `mutation { createWorkspace(input: { name: ${'['.repeat(10_000)}${']'.repeat(10_000)}, slug: "a" }) { id } }`;
    const aliases = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: workspaces { id }`).join(' ')} }`;
    for (const query of [deepBraces, deepFragments, deepList, aliases]) {
      const started = Date.now();
      const answer = await send(JSON.stringify({ query }));
      expectClientAnswer(answer);
      expect(answer.status).toBe(400);
      // Refused before resolving: seconds at most even on a loaded machine, not a minute of database work.
      expect(Date.now() - started).toBeLessThan(15_000);
    }
  });
});
