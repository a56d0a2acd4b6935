import { parseDocument } from 'yaml';
import { ConfigFileError } from './config-file.error';
import type { ConfigDocument } from './config-file.types';
import { ConfigReader } from './config-reader';
import { readWorkspace } from './workspace-section';

/**
 * Parses the YAML text of a config file into the document `applyConfig` takes. `source`
 * (the file's name) starts every error message.
 */
export function parseConfigYaml(text: string, env: NodeJS.ProcessEnv, source = 'config'): ConfigDocument {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) throw new ConfigFileError(`${source}: invalid YAML: ${doc.errors[0].message}`);
  const root: unknown = doc.toJS();
  const r = new ConfigReader(source, env);
  const top = r.mapping(root ?? {}, 'top level', ['workspaces']);
  return { workspaces: r.listOf(top.workspaces ?? [], 'workspaces', (w, wp) => readWorkspace(r, w, wp)) };
}
