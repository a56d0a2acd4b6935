/** `switchyard apply -f <file> [--url <graphql url>] [--token <admin token>]`. */
export interface ApplyArgs {
  command: 'apply';
  file: string;
  url?: string;
  token?: string;
}

export type CliArgs = ApplyArgs | { command: 'help' };

export class UsageError extends Error {}

export const USAGE = `Usage: switchyard apply -f <file.yaml> [--url <graphql url>] [--token <admin token>]

Applies a declarative config file to a Switchyard control plane. \${VAR} in values is read
from the environment ($\${ for a literal). Objects not in the file are left alone.

Environment:
  SWITCHYARD_URL          GraphQL endpoint (default http://127.0.0.1:4000/graphql)
  SWITCHYARD_ADMIN_TOKEN  admin bearer token`;

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
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
