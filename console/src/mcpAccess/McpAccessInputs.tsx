import { ReferenceInput, SelectInput, TextInput, required } from 'react-admin';
import { listText } from '../common/textValues';

const keepText = (value: string) => value;
const GLOB = /^[A-Za-z0-9_.*?-]+$/;
const validGlobs = (value: unknown) => {
  const bad = listText(value)
    .split(/[\s,]+/)
    .filter(Boolean)
    .find((glob) => !GLOB.test(glob));
  return bad ? `${bad}: tool names with * and ? wildcards` : undefined;
};

/** A key's access to one server: which tools it may call (empty: all), and which it never may. */
export const McpAccessInputs = ({ editing = false }: { editing?: boolean }) => (
  <>
    <ReferenceInput source="keyId" reference="keys" sort={{ field: 'name', order: 'ASC' }}>
      <SelectInput label="Virtual key" optionText="name" validate={required()} disabled={editing} />
    </ReferenceInput>
    <ReferenceInput source="serverId" reference="mcp-servers" sort={{ field: 'name', order: 'ASC' }}>
      <SelectInput label="MCP server" optionText="name" validate={required()} disabled={editing} />
    </ReferenceInput>
    <TextInput
      source="allowTools"
      label="Allowed tools"
      format={listText}
      parse={keepText}
      validate={validGlobs}
      helperText="Globs separated by commas, e.g. search_*, get_?; empty: every tool"
    />
    <TextInput
      source="denyTools"
      label="Denied tools"
      format={listText}
      parse={keepText}
      validate={validGlobs}
      helperText="Refused even when allowed, e.g. delete_*"
    />
  </>
);
