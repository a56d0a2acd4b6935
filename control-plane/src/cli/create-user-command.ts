import { DEFAULT_URL } from './apply-command';
import type { CreateUserArgs } from './args';
import { graphqlRequest } from './graphql-client';

const CREATE_USER = `
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) { id email installationAdmin }
  }`;

/** Creates the user; returns the line to print. The password never appears in argv or output. */
export async function createUserCommand(
  args: CreateUserArgs,
  env: NodeJS.ProcessEnv,
  stdin: () => Promise<string>,
): Promise<string> {
  const url = args.url ?? env.SWITCHYARD_URL ?? DEFAULT_URL;
  const token = args.token ?? env.SWITCHYARD_ADMIN_TOKEN;
  if (!token) throw new Error('SWITCHYARD_ADMIN_TOKEN (or --token) is required');
  const password = args.passwordStdin ? firstLine(await stdin()) : env.SWITCHYARD_USER_PASSWORD;
  if (!password) {
    throw new Error('a password is required: pipe it with --password-stdin or set SWITCHYARD_USER_PASSWORD');
  }
  const data = await graphqlRequest<{
    createUser: { id: string; email: string; installationAdmin: boolean };
  }>(url, token, CREATE_USER, {
    input: {
      email: args.email,
      password,
      installationAdmin: args.installationAdmin,
      ...(args.displayName !== undefined ? { displayName: args.displayName } : {}),
    },
  });
  const user = data.createUser;
  return `user ${user.email} created (id ${user.id}${user.installationAdmin ? ', installation admin' : ''}); sign in with the login mutation or the console\n`;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? '';
}

/** All of standard input as text. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
