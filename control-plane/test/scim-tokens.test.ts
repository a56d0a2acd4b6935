import { sql } from './support/infra';
import type { TestPlane } from './support/plane';
import { scimClient } from './support/scim-client';
import { expectScimError, SCIM_LIST, startScimPlane, type ScimPlane } from './support/scim-plane';

// Who may call /scim/v2 (tokens: stored as a hash, revocable) and what it says about itself.

let t: TestPlane;
let scim: ScimPlane['scim'];
let tokenId: string;
let secret: string;

beforeAll(async () => {
  ({ t, scim, tokenId, secret } = await startScimPlane());
});

afterAll(async () => {
  await t?.close();
});

describe('SCIM tokens', () => {
  it('stores only a hash and lists the token without its secret', async () => {
    const rows = await sql<{ token_hash: string }>(t.databaseUrl, `SELECT token_hash FROM scim_tokens`);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(secret);
    const res = await t.gql<{ scimTokens: Array<Record<string, unknown>> }>(
      `{ scimTokens { id name prefix createdAt revokedAt } }`,
    );
    expect(res.data?.scimTokens).toEqual([
      expect.objectContaining({ id: tokenId, name: 'Okta production', revokedAt: null }),
    ]);
    expect(res.raw).not.toContain(secret);
  });

  it('refuses requests without a token, with an unknown one, and with a revoked one (401, SCIM error)', async () => {
    expectScimError(await scimClient(t.plane.graphqlUrl, null)('GET', '/Users'), 401);
    expectScimError(
      await scimClient(t.plane.graphqlUrl, 'sy-scim-not-a-real-token-000000000')('GET', '/Users'),
      401,
    );
    expectScimError(
      await scimClient(t.plane.graphqlUrl, 'test-admin-token-0123456789')('GET', '/Users'),
      401,
    );

    const other = await t.ok<{ createScimToken: { token: { id: string }; secret: string } }>(
      `mutation($input: CreateScimTokenInput!) { createScimToken(input: $input) { token { id } secret } }`,
      { input: { name: 'to revoke' } },
    );
    const client = scimClient(t.plane.graphqlUrl, other.createScimToken.secret);
    expect((await client('GET', '/ServiceProviderConfig')).status).toBe(200);
    await t.ok(
      `mutation($input: RevokeScimTokenInput!) { revokeScimToken(input: $input) { id revokedAt } }`,
      {
        input: { id: other.createScimToken.token.id },
      },
    );
    expectScimError(await client('GET', '/ServiceProviderConfig'), 401);
  });

  it('is managed by installation admins only; unknown tokens are NOT_FOUND', async () => {
    const res = await t.gql(`{ scimTokens { id } }`, {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const missing = await t.gql(
      `mutation($input: RevokeScimTokenInput!) { revokeScimToken(input: $input) { id } }`,
      { input: { id: '00000000-0000-4000-8000-000000000000' } },
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'SCIM_TOKEN_NOT_FOUND',
    });
  });
});

describe('SCIM discovery', () => {
  it('serves ServiceProviderConfig, ResourceTypes and Schemas as application/scim+json', async () => {
    const config = await scim('GET', '/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.contentType).toMatch(/^application\/scim\+json/);
    expect(config.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
    const types = await scim('GET', '/ResourceTypes');
    expect(types.body.schemas).toEqual([SCIM_LIST]);
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    expect((await scim('GET', '/ResourceTypes/Group')).body.endpoint).toBe('/Groups');
    const schemas = await scim('GET', '/Schemas');
    expect(schemas.body.totalResults).toBe(2);
    expect((await scim('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).body.name).toBe('User');
    expectScimError(await scim('GET', '/Schemas/urn:nope'), 404);
  });
});
