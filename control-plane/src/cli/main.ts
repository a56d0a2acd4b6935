#!/usr/bin/env node
import { applyCommand } from './apply-command';
import { USAGE, UsageError, parseArgs } from './args';
import { createUserCommand, readStdin } from './create-user-command';
import { GraphqlRequestError } from './graphql-client';

/** `switchyard`: exit 0 on success, 1 on any error (printed on stderr). */
async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.command === 'create-user') {
      process.stdout.write(await createUserCommand(args, process.env, readStdin));
      return 0;
    }
    process.stdout.write(await applyCommand(args, process.env));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`switchyard: ${error.message}\n\n${USAGE}\n`);
      return 1;
    }
    if (error instanceof GraphqlRequestError && error.errors.length) {
      for (const e of error.errors)
        process.stderr.write(`switchyard: error${e.code ? ` (${e.code})` : ''}: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`switchyard: error: ${(error as Error).message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
