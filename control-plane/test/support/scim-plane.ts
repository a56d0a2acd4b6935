import { createWorkspace, membershipsOf } from './identity';
import { startTestPlane, type TestPlane } from './plane';
import { scimClient, scimFixture, type ScimResponse } from './scim-client';

export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/**
 * A plane with one SCIM token (`secret`, used by `scim`), workspaces `research` (`ws1`) and
 * `ops` (`ws2`), and the group mappings Engineering → research admin, readers → research
 * viewer, Readers → ops member.
 */
export interface ScimPlane {
  t: TestPlane;
  scim: ReturnType<typeof scimClient>;
  tokenId: string;
  secret: string;
  ws1: string;
  ws2: string;
  /** Sends the request of test/fixtures/scim/<vendor>.json named `name`. */
  send(vendor: 'okta' | 'entra', name: string, values?: Record<string, string>): Promise<ScimResponse>;
  setMapping(group: string, workspaceId: string, role: string): Promise<void>;
  /** The user's memberships as `workspace-slug:role:source`, sorted. */
  memberships(userId: string): Promise<string[]>;
}

export async function startScimPlane(): Promise<ScimPlane> {
  const t = await startTestPlane();
  try {
    const created = await t.ok<{
      createScimToken: { token: { id: string; prefix: string }; secret: string };
    }>(
      `mutation($input: CreateScimTokenInput!) { createScimToken(input: $input) { token { id prefix } secret } }`,
      { input: { name: 'Okta production' } },
    );
    const tokenId = created.createScimToken.token.id;
    const secret = created.createScimToken.secret;
    expect(secret.startsWith(created.createScimToken.token.prefix)).toBe(true);
    const scim = scimClient(t.plane.graphqlUrl, secret);
    const setMapping = async (group: string, workspaceId: string, role: string) => {
      await t.ok(
        `mutation($input: SetGroupRoleMappingInput!) { setGroupRoleMapping(input: $input) { id group workspaceId role } }`,
        { input: { group, workspaceId, role: role.toUpperCase() } },
      );
    };
    const ws1 = await createWorkspace(t, 'research');
    const ws2 = await createWorkspace(t, 'ops');
    await setMapping('Engineering', ws1, 'admin');
    await setMapping('readers', ws1, 'viewer');
    await setMapping('Readers', ws2, 'member');
    return {
      t,
      scim,
      tokenId,
      secret,
      ws1,
      ws2,
      send: (vendor, name, values = {}) => {
        const request = scimFixture(vendor, name, values);
        return scim(request.method, request.path, request.body);
      },
      setMapping,
      memberships: (userId) => membershipsOf(t.databaseUrl, userId),
    };
  } catch (error) {
    await t.close();
    throw error;
  }
}

/** Expects a SCIM error answer: the status, the SCIM content type and error shape, and `scimType` if given. */
export function expectScimError(res: ScimResponse, status: number, scimType?: string) {
  expect(res.status).toBe(status);
  expect(res.contentType).toMatch(/^application\/scim\+json/);
  expect(res.body).toMatchObject({ schemas: [SCIM_ERROR], status: String(status) });
  expect(typeof res.body.detail).toBe('string');
  if (scimType) expect(res.body.scimType).toBe(scimType);
}
