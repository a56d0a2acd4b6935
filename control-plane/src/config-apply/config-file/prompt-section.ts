import { ConfigFileError } from './config-file.error';
import type { PromptDocument } from './config-file.types';
import type { ConfigReader } from './config-reader';

/** One entry of a workspace's `prompts:`; message text is kept as written, `${VAR}` and all. */
export function readPrompt(r: ConfigReader, value: unknown, path: string): PromptDocument {
  const m = r.mapping(value, path, ['slug', 'name', 'description', 'versions']);
  return {
    slug: r.str(m.slug, `${path}.slug`),
    name: r.str(m.name, `${path}.name`),
    ...r.optionalStr(m.description, 'description', `${path}.description`),
    versions: r.listOf(m.versions, `${path}.versions`, (v, vp) => {
      const vm = r.mapping(v, vp, ['model', 'messages', 'params', 'labels']);
      return {
        model: r.str(vm.model, `${vp}.model`),
        messages: r.listOf(vm.messages, `${vp}.messages`, (msg, mp) => {
          const mm = r.mapping(msg, mp, ['role', 'content']);
          if (typeof mm.content !== 'string')
            throw new ConfigFileError(`${r.at(`${mp}.content`)} must be a string`);
          return { role: r.str(mm.role, `${mp}.role`), content: mm.content };
        }),
        ...(vm.params !== undefined && vm.params !== null
          ? { params: r.record(vm.params, `${vp}.params`) }
          : {}),
        ...(vm.labels !== undefined && vm.labels !== null
          ? { labels: r.strings(vm.labels, `${vp}.labels`) }
          : {}),
      };
    }),
  };
}
