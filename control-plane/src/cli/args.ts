/** `switchyard apply -f <file> [--url <graphql url>] [--token <admin token>]`. */
export interface ApplyArgs {
  command: 'apply';
  file: string;
  url?: string;
  token?: string;
}

/** `switchyard create-user --email <email> [--installation-admin] [--display-name <name>] [--password-stdin]`. */
export interface CreateUserArgs {
  command: 'create-user';
  email: string;
  displayName?: string;
  installationAdmin: boolean;
  passwordStdin: boolean;
  url?: string;
  token?: string;
}

export type CliArgs = ApplyArgs | CreateUserArgs | { command: 'help' };

export class UsageError extends Error {}

export const USAGE = `Usage: switchyard apply -f <file.yaml> [--url <graphql url>] [--token <admin token>]
       switchyard create-user --email <email> [--installation-admin] [--display-name <name>]
                              [--password-stdin] [--url <graphql url>] [--token <admin token>]

apply: applies a declarative config file to a Switchyard control plane. \${VAR} in values is
read from the environment ($\${ for a literal). Objects not in the file are left alone.

create-user: creates a user who signs in with a password (first run: the first installation
admin, with the bootstrap admin token). The password is read from the first line of standard
input with --password-stdin, else from SWITCHYARD_USER_PASSWORD; never from the command line.

Environment:
  SWITCHYARD_URL          GraphQL endpoint (default http://127.0.0.1:4000/graphql)
  SWITCHYARD_ADMIN_TOKEN  admin bearer token (or an installation admin's session token)
  SWITCHYARD_USER_PASSWORD  create-user: the new user's password`;

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'create-user') return parseCreateUser(rest);
  if (command !== 'apply') throw new UsageError(`unknown command "${command}"`);
  const args: Partial<ApplyArgs> = { command: 'apply' };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const [name, inline] = flag.includes('=')
      ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)]
      : [flag, undefined];
    if (name === '--help' || name === '-h') return { command: 'help' };
    const value = inline ?? rest[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (name === '-f' || name === '--file') args.file = value;
    else if (name === '--url') args.url = value;
    else if (name === '--token') args.token = value;
    else throw new UsageError(`unknown option "${name}"`);
  }
  if (!args.file) throw new UsageError('missing -f <file.yaml>');
  return args as ApplyArgs;
}

function parseCreateUser(rest: string[]): CreateUserArgs | { command: 'help' } {
  const args: Partial<CreateUserArgs> = {
    command: 'create-user',
    installationAdmin: false,
    passwordStdin: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const [name, inline] = flag.includes('=')
      ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)]
      : [flag, undefined];
    if (name === '--help' || name === '-h') return { command: 'help' };
    if (name === '--installation-admin') {
      args.installationAdmin = true;
      continue;
    }
    if (name === '--password-stdin') {
      args.passwordStdin = true;
      continue;
    }
    if (name === '--password') throw new UsageError('--password is not accepted: use --password-stdin');
    const value = inline ?? rest[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (name === '--email') args.email = value;
    else if (name === '--display-name') args.displayName = value;
    else if (name === '--url') args.url = value;
    else if (name === '--token') args.token = value;
    else throw new UsageError(`unknown option "${name}"`);
  }
  if (!args.email) throw new UsageError('missing --email <email>');
  return args as CreateUserArgs;
}
