import { readFile } from 'node:fs/promises';
import { parseConfigYaml } from '../config-apply/config-file/parse-config-yaml';
import type { ApplyArgs } from './args';
import { graphqlRequest } from './graphql-client';
import { formatSummary, type ApplyResult } from './summary';

const APPLY_CONFIG = `
  mutation ApplyConfig($input: ApplyConfigInput!) {
    applyConfig(input: $input) {
      changes { kind name workspace action }
      generatedKeys { workspace name secret }
      snapshotVersion
    }
  }`;

export const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';

/** Reads, expands and sends the file; returns the summary to print. Throws with a readable message. */
export async function applyCommand(args: ApplyArgs, env: NodeJS.ProcessEnv): Promise<string> {
  const url = args.url ?? env.SWITCHYARD_URL ?? DEFAULT_URL;
  const token = args.token ?? env.SWITCHYARD_ADMIN_TOKEN;
  if (!token) throw new Error('SWITCHYARD_ADMIN_TOKEN (or --token) is required');
  let text: string;
  try {
    text = await readFile(args.file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const input = parseConfigYaml(text, env, args.file);
  const data = await graphqlRequest<{ applyConfig: ApplyResult }>(url, token, APPLY_CONFIG, { input });
  return formatSummary(data.applyConfig, args.file);
}
