import { filterToSql, parseFilter, type FilterAttributes } from './scim-filter';
import { ScimError } from './scim.exception';

const ATTRS: FilterAttributes = {
  username: { sql: 'u.email', type: 'string' },
  externalid: { sql: 'u.external_id', type: 'string', caseExact: true },
  'emails.value': { sql: 'u.email', type: 'string' },
  'emails.type': { sql: `'work'`, type: 'string' },
  active: { sql: 'u.active', type: 'boolean' },
  'meta.created': { sql: 'u.created_at', type: 'date' },
  members: { sql: 'm', type: 'multi' },
};

function toSql(filter: string) {
  const params: unknown[] = [];
  return { sql: filterToSql(parseFilter(filter), ATTRS, params), params };
}

function scimType(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return `${error.status} ${error.scimType}`;
    throw error;
  }
  return undefined;
}

describe('SCIM filters', () => {
  it('parses and binds tighter than or, with grouping and not', () => {
    expect(parseFilter('a eq "1" or b eq "2" and c eq "3"')).toEqual({
      kind: 'or',
      left: { kind: 'compare', attr: 'a', op: 'eq', value: '1' },
      right: {
        kind: 'and',
        left: { kind: 'compare', attr: 'b', op: 'eq', value: '2' },
        right: { kind: 'compare', attr: 'c', op: 'eq', value: '3' },
      },
    });
    expect(parseFilter('not (a pr) AND (b Eq true)')).toEqual({
      kind: 'and',
      left: { kind: 'not', filter: { kind: 'present', attr: 'a' } },
      right: { kind: 'compare', attr: 'b', op: 'eq', value: true },
    });
  });

  it('turns value paths into prefixed attributes', () => {
    expect(parseFilter('emails[type eq "work" and value co "@x"]')).toEqual({
      kind: 'and',
      left: { kind: 'compare', attr: 'emails.type', op: 'eq', value: 'work' },
      right: { kind: 'compare', attr: 'emails.value', op: 'co', value: '@x' },
    });
  });

  it('keeps values as parameters, lower-cases case-insensitive strings and escapes LIKE', () => {
    expect(toSql('userName eq "Ada@X.com"')).toEqual({ sql: '(lower(u.email) = $1)', params: ['ada@x.com'] });
    expect(toSql('externalId eq "AbC"')).toEqual({ sql: '(u.external_id = $1)', params: ['AbC'] });
    expect(toSql('userName co "50%_\\\\"')).toEqual({
      sql: `(lower(u.email) LIKE '%' || $1 || '%')`,
      params: ['50\\%\\_\\\\'],
    });
    expect(toSql('urn:ietf:params:scim:schemas:core:2.0:User:userName sw "a" or active eq false')).toEqual({
      sql: `((lower(u.email) LIKE $1 || '%') OR (u.active = $2))`,
      params: ['a', false],
    });
    expect(toSql('members eq "id-1"').sql).toBe('($1 = ANY(m))');
    expect(toSql('externalId eq null').sql).toBe('(u.external_id IS NULL)');
  });

  it('rejects what it cannot evaluate with 400 invalidFilter', () => {
    for (const bad of [
      '',
      'userName',
      'userName eq',
      'userName like "a"',
      'userName eq "a" or',
      'userName eq "a")',
      '(userName eq "a"',
      'emails[value eq "a"',
      'emails[type eq "w"][value eq "a"]',
      'nickName eq "x"',
      'active co "t"',
      'active eq "true"',
      'meta.created gt "yesterday"',
      'members co "x"',
      'userName gt 3',
      'userName eq "\\x"',
      'x'.repeat(2001),
    ]) {
      expect([bad, scimType(() => toSql(bad))]).toEqual([bad, '400 invalidFilter']);
    }
  });
});
