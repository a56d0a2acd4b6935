import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  buildSchema,
  getNamedType,
  isLeafType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role, roleAtLeast } from '../src/auth/principal';
import {
  createApiToken,
  createUser,
  createWorkspace,
  login,
  type RoleName,
  roleEnum,
} from './support/identity';
import { ADMIN_TOKEN, startTestPlane, type TestPlane } from './support/plane';
import { ROLE_MATRIX, type Access } from './role-matrix.table';

/**
 * Every Query and Mutation field × every kind of caller, against a running control plane:
 * the guard must allow exactly what ROLE_MATRIX says. "Allowed" means the request got past
 * authorization (it may still fail on the made-up arguments, e.g. NOT_FOUND); "forbidden"
 * means AUTH_FORBIDDEN, or AUTH_UNAUTHENTICATED without a token.
 */

const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8'));
type Operation = 'query' | 'mutation';
const FIELDS: Array<{ operation: Operation; field: GraphQLField<unknown, unknown> }> = [
  ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({
    operation: 'query' as const,
    field,
  })),
  ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({
    operation: 'mutation' as const,
    field,
  })),
]
  // logout ends the callers' sessions: last.
  .sort((a, b) => Number(a.field.name === 'logout') - Number(b.field.name === 'logout'));

/** One caller. `role` is its role in the workspace under test; null: none there. */
interface Caller {
  name: string;
  kind: 'anonymous' | 'user' | 'api-token' | 'admin-token';
  role: RoleName | null;
  installationAdmin: boolean;
}

const CALLERS: Caller[] = [
  { name: 'anonymous', kind: 'anonymous', role: null, installationAdmin: false },
  ...(['viewer', 'member', 'admin', 'owner'] as const).map(
    (role): Caller => ({ name: role, kind: 'user', role, installationAdmin: false }),
  ),
  { name: 'admin of another workspace', kind: 'user', role: null, installationAdmin: false },
  { name: 'installation admin', kind: 'user', role: null, installationAdmin: true },
  { name: 'bootstrap admin token', kind: 'admin-token', role: null, installationAdmin: true },
  ...(['viewer', 'member', 'admin', 'owner'] as const).map(
    (role): Caller => ({ name: `api token (${role})`, kind: 'api-token', role, installationAdmin: false }),
  ),
];

function expectedAllowed(access: Access, caller: Caller): boolean {
  if (access.kind === 'open') return true;
  if (caller.kind === 'anonymous') return false;
  switch (access.kind) {
    case 'anyone':
      return true;
    case 'sessionOnly':
      return caller.kind === 'user';
    case 'installationAdmin':
      return caller.installationAdmin;
    case 'ws':
      if (access.noApiToken && caller.kind === 'api-token') return false;
      if (caller.installationAdmin) return true;
      return caller.role !== null && roleAtLeast(caller.role as Role, access.least);
  }
}

/** A value of the type that passes GraphQL's own validation (the resolver may still refuse it). */
function sample(
  type: GraphQLInputType,
  name: string,
  workspaceIdNames: string[],
  workspaceId: string,
): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType, name, workspaceIdNames, workspaceId);
  if (type instanceof GraphQLList) return [];
  if (type instanceof GraphQLEnumType) return type.getValues().at(-1)!.value;
  if (type instanceof GraphQLInputObjectType) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (f.type instanceof GraphQLNonNull && f.defaultValue === undefined) {
        out[f.name] = sample(f.type, f.name, workspaceIdNames, workspaceId);
      }
    }
    return out;
  }
  const scalar = type as GraphQLScalarType;
  switch (scalar.name) {
    case 'ID':
      return workspaceIdNames.includes(name) ? workspaceId : randomUUID();
    case 'String':
      return 'x';
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return new Date(Date.now() + 3600_000).toISOString();
    default:
      return {}; // JSON / JSONObject
  }
}

/** The request for one field with only its required arguments, as variables. */
function request(
  operation: Operation,
  field: GraphQLField<unknown, unknown>,
  access: Access,
  workspaceId: string,
): { query: string; variables: Record<string, unknown> } {
  const names = ['workspaceId', ...(access.kind === 'ws' && access.arg ? [access.arg] : [])];
  const required = field.args.filter((a) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined);
  const variables = Object.fromEntries(
    required.map((a) => [a.name, sample(a.type, a.name, names, workspaceId)]),
  );
  const declared = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const passed = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const query = `${operation}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
  return { query, variables };
}

let t: TestPlane;
/** Sessions of the users, by caller name. */
const sessions = new Map<string, string>();
const users = new Map<string, string>();
let otherWorkspace: string;

/** A workspace where each role-holding caller holds its role; returns each caller's token there. */
async function workspaceWithCallers(): Promise<{ workspaceId: string; tokens: Map<string, string | null> }> {
  const workspaceId = await createWorkspace(t);
  const tokens = new Map<string, string | null>();
  for (const caller of CALLERS) {
    if (caller.kind === 'anonymous') tokens.set(caller.name, null);
    else if (caller.kind === 'admin-token') tokens.set(caller.name, ADMIN_TOKEN);
    else if (caller.kind === 'api-token')
      tokens.set(caller.name, await createApiToken(t, workspaceId, caller.role!));
    else {
      if (caller.role) {
        await t.ok(
          `mutation($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { role } }`,
          {
            input: { workspaceId, email: users.get(caller.name), role: roleEnum(caller.role) },
          },
        );
      }
      tokens.set(caller.name, sessions.get(caller.name)!);
    }
  }
  return { workspaceId, tokens };
}

let shared: Awaited<ReturnType<typeof workspaceWithCallers>>;

beforeAll(async () => {
  t = await startTestPlane();
  otherWorkspace = await createWorkspace(t);
  for (const caller of CALLERS.filter((c) => c.kind === 'user')) {
    const user = await createUser(t, { installationAdmin: caller.installationAdmin });
    users.set(caller.name, user.email);
    sessions.set(caller.name, await login(t, user.email));
  }
  await t.ok(`mutation($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { role } }`, {
    input: { workspaceId: otherWorkspace, email: users.get('admin of another workspace'), role: 'ADMIN' },
  });
  shared = await workspaceWithCallers();
});

afterAll(async () => {
  await t?.close();
});

it('covers every Query and Mutation field, and only fields that exist', async () => {
  const missing = FIELDS.filter(({ field }) => !(field.name in ROLE_MATRIX)).map(
    ({ operation, field }) => `${operation === 'query' ? 'Query' : 'Mutation'}.${field.name}`,
  );
  if (missing.length > 0) {
    throw new Error(
      `Not in the role matrix: ${missing.join(', ')}. Add one line per field to ROLE_MATRIX in ` +
        `control-plane/test/role-matrix.table.ts with its least role (the same as its @Roles), ` +
        `and to the matrix in README.md.`,
    );
  }
  const names = new Set(FIELDS.map(({ field }) => field.name));
  expect(Object.keys(ROLE_MATRIX).filter((name) => !names.has(name))).toEqual([]);
  expect(names.size).toBe(FIELDS.length); // no name is both a query and a mutation

  // schema.gql is what the server serves (graphql-crud.test.ts keeps it so); check the live one too.
  const live = await t.ok<{
    __schema: {
      queryType: { fields: Array<{ name: string }> };
      mutationType: { fields: Array<{ name: string }> };
    };
  }>(`{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`);
  const liveNames = [...live.__schema.queryType.fields, ...live.__schema.mutationType.fields].map(
    (f) => f.name,
  );
  expect(liveNames.sort()).toEqual([...names].sort());
});

describe.each(FIELDS.map(({ operation, field }) => [field.name, operation, field] as const))(
  '%s',
  (name, operation, field) => {
    it('allows exactly the callers the matrix names', async () => {
      const access = ROLE_MATRIX[name];
      if (!access) {
        throw new Error(
          `${name} is not in ROLE_MATRIX (control-plane/test/role-matrix.table.ts): add its least role`,
        );
      }
      const outcomes: string[] = [];
      const mismatches: string[] = [];
      for (const caller of CALLERS) {
        const allowed = expectedAllowed(access, caller);
        // Deleting the workspace must not take it away from the callers after this one.
        const setup = name === 'deleteWorkspace' && allowed ? await workspaceWithCallers() : shared;
        const { query, variables } = request(operation, field, access, setup.workspaceId);
        const res = await t.gql(query, variables, setup.tokens.get(caller.name));
        const error = res.errors?.[0];
        const reason = error?.extensions?.reason;
        const authRefused = reason === 'AUTH_FORBIDDEN' || reason === 'AUTH_UNAUTHENTICATED';
        const want = allowed
          ? 'allowed'
          : caller.kind === 'anonymous'
            ? 'AUTH_UNAUTHENTICATED'
            : 'AUTH_FORBIDDEN';
        const got = authRefused ? reason : 'allowed';
        outcomes.push(`${caller.name}: ${got}`);
        if (got !== want) mismatches.push(`${caller.name}: expected ${want}, got ${got} (${res.raw})`);
        // Past the guard, made-up arguments may be refused, but never crash the server.
        if (!authRefused)
          expect(`${caller.name}: ${error?.extensions?.code}`).not.toBe(
            `${caller.name}: INTERNAL_SERVER_ERROR`,
          );
      }
      if (mismatches.length > 0) {
        throw new Error(`${operation} ${name}:\n${mismatches.join('\n')}`);
      }
      expect(outcomes).toHaveLength(CALLERS.length);
    });
  },
);
