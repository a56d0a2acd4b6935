import type { TestPlane } from './support/plane';
import { expectScimError, startScimPlane, type ScimPlane } from './support/scim-plane';

// Listing users and groups (filters, paging) and the SCIM errors bad requests get.

let t: TestPlane;
let scim: ScimPlane['scim'];
let secret: string;

beforeAll(async () => {
  ({ t, scim, secret } = await startScimPlane());
});

afterAll(async () => {
  await t?.close();
});

describe('SCIM lists and filters', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const [userName, displayName, externalId] of [
      ['alice@filters.test', 'Alice Anders', 'ext-alice'],
      ['bob@filters.test', 'Bob Brown', 'ext-bob'],
      ['carol@other.test', 'Carol Anders', 'ext-carol'],
    ]) {
      const res = await scim('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName,
        displayName,
        externalId,
      });
      expect(res.status).toBe(201);
      ids[userName] = res.body.id;
    }
  });

  async function userNames(filter: string, extra = ''): Promise<string[]> {
    const res = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}${extra}`);
    expect(res.status).toBe(200);
    return res.body.Resources.map((u: { userName: string }) => u.userName).sort();
  }

  it('filters by userName (case-insensitive), externalId, emails.value and displayName eq/co/sw', async () => {
    expect(await userNames('userName eq "ALICE@filters.test"')).toEqual(['alice@filters.test']);
    expect(await userNames('externalId eq "ext-bob"')).toEqual(['bob@filters.test']);
    expect(await userNames('externalId eq "EXT-BOB"')).toEqual([]);
    expect(await userNames('emails.value eq "carol@other.test"')).toEqual(['carol@other.test']);
    expect(await userNames('emails[type eq "work" and value eq "carol@other.test"]')).toEqual([
      'carol@other.test',
    ]);
    expect(await userNames('displayName eq "bob brown"')).toEqual(['bob@filters.test']);
    expect(await userNames('displayName co "anders"')).toEqual(['alice@filters.test', 'carol@other.test']);
    expect(await userNames('displayName sw "Car"')).toEqual(['carol@other.test']);
    expect(await userNames('userName ew "@filters.test"')).toEqual([
      'alice@filters.test',
      'bob@filters.test',
    ]);
    expect(await userNames('displayName co "%"')).toEqual([]);
  });

  it('combines with and/or/not and parentheses (and binds tighter than or)', async () => {
    expect(await userNames('displayName co "Anders" and userName sw "carol"')).toEqual(['carol@other.test']);
    expect(await userNames('userName eq "alice@filters.test" or externalId eq "ext-bob"')).toEqual([
      'alice@filters.test',
      'bob@filters.test',
    ]);
    expect(
      await userNames(
        'userName eq "bob@filters.test" or displayName co "Anders" and userName ew "other.test"',
      ),
    ).toEqual(['bob@filters.test', 'carol@other.test']);
    expect(
      await userNames(
        '(userName eq "bob@filters.test" or displayName co "Anders") and userName ew "filters.test"',
      ),
    ).toEqual(['alice@filters.test', 'bob@filters.test']);
    expect(await userNames('userName ew "filters.test" and not (displayName sw "Bob")')).toEqual([
      'alice@filters.test',
    ]);
    expect(await userNames('externalId pr and userName ew ".test"')).toHaveLength(3);
  });

  it('pages with startIndex and count (1-based, totalResults the whole match)', async () => {
    const filter = encodeURIComponent('userName ew ".test"');
    const page1 = await scim('GET', `/Users?filter=${filter}&startIndex=1&count=2`);
    expect(page1.body).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 2 });
    const page2 = await scim('GET', `/Users?filter=${filter}&startIndex=3&count=2`);
    expect(page2.body).toMatchObject({ totalResults: 3, startIndex: 3, itemsPerPage: 1 });
    const all = [...page1.body.Resources, ...page2.body.Resources].map((u: { id: string }) => u.id);
    expect(new Set(all).size).toBe(3);
    const none = await scim('GET', `/Users?filter=${filter}&count=0`);
    expect(none.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    expectScimError(await scim('GET', `/Users?count=lots`), 400, 'invalidValue');
  });

  it('answers bad filters with 400 invalidFilter', async () => {
    for (const filter of [
      'userName eq',
      'userName zz "a"',
      'nickName eq "a"',
      'userName eq "unterminated',
      '(userName eq "a"',
      'active eq "yes"',
      'userName eq "a" extra',
      'meta.created gt "not a date"',
    ]) {
      expectScimError(await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter');
    }
    expect(await userNames(`meta.created gt "2000-01-01T00:00:00Z" and userName sw "alice"`)).toEqual([
      'alice@filters.test',
    ]);
  });

  it('filters groups by displayName and members', async () => {
    const g = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Filter Group',
      externalId: 'grp-1',
      members: [{ value: ids['alice@filters.test'] }],
    });
    expect(g.status).toBe(201);
    const byName = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "filter group"')}`);
    expect(byName.body.Resources.map((r: { id: string }) => r.id)).toEqual([g.body.id]);
    const byMember = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent(`members eq "${ids['bob@filters.test']}"`)}`,
    );
    expect(byMember.body.totalResults).toBe(0);
    expectScimError(await scim('POST', '/Groups', { displayName: 'FILTER GROUP' }), 409, 'uniqueness');
  });
});

describe('SCIM bad requests', () => {
  it('a body that is not JSON and an unknown path answer in the SCIM error shape too', async () => {
    const url = t.plane.graphqlUrl.replace(/\/graphql$/, '/scim/v2');
    const broken = await fetch(`${url}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
      body: '{"userName": ',
    });
    expectScimError(
      {
        status: broken.status,
        contentType: broken.headers.get('content-type'),
        location: null,
        body: await broken.json(),
      },
      400,
      'invalidSyntax',
    );
    expectScimError(await scim('GET', '/Nope'), 404);
  });

  it('404 for unknown or malformed ids', async () => {
    expectScimError(await scim('GET', '/Users/00000000-0000-4000-8000-000000000000'), 404);
    expectScimError(await scim('GET', '/Users/not-an-id'), 404);
    expectScimError(
      await scim('PATCH', '/Groups/00000000-0000-4000-8000-000000000000', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: [] }],
      }),
      404,
    );
    expectScimError(await scim('DELETE', '/Users/00000000-0000-4000-8000-000000000000'), 404);
  });

  it('400 invalidValue for missing or wrong attributes, invalidSyntax for broken PATCH messages', async () => {
    expectScimError(
      await scim('POST', '/Users', { schemas: [], displayName: 'No userName' }),
      400,
      'invalidValue',
    );
    expectScimError(await scim('POST', '/Users', { userName: 'not-an-email' }), 400, 'invalidValue');
    expectScimError(
      await scim('POST', '/Users', { userName: 'x@y.test', active: 'maybe' }),
      400,
      'invalidValue',
    );
    expectScimError(await scim('POST', '/Groups', { members: [] }), 400, 'invalidValue');
    expectScimError(
      await scim('POST', '/Groups', {
        displayName: 'Ghosts',
        members: [{ value: '00000000-0000-4000-8000-000000000000' }],
      }),
      400,
      'invalidValue',
    );
    const user = (await scim('POST', '/Users', { userName: 'patchy@bad.test' })).body.id as string;
    expectScimError(
      await scim('PATCH', `/Users/${user}`, { Operations: [{ op: 'frobnicate', value: {} }] }),
      400,
      'invalidSyntax',
    );
    expectScimError(await scim('PATCH', `/Users/${user}`, { Operations: [] }), 400, 'invalidSyntax');
    expectScimError(
      await scim('PATCH', `/Users/${user}`, {
        Operations: [{ op: 'replace', path: 'active', value: 'perhaps' }],
      }),
      400,
      'invalidValue',
    );
    expect(
      (
        await scim('PATCH', `/Users/${user}`, {
          Operations: [{ op: 'replace', path: 'userName', value: 'alice@filters.test' }],
        })
      ).status,
    ).toBe(409);
  });
});
