import { TextInput, maxLength, regex, required } from 'react-admin';

/** Slugs end up in YAML files and URLs: lower-case letters, digits and dashes. */
const validateSlug = [
  required(),
  maxLength(64),
  regex(
    /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    'Lower-case letters, digits and dashes; no leading or trailing dash',
  ),
];

export const WorkspaceInputs = ({ editing = false }: { editing?: boolean }) => (
  <>
    <TextInput source="name" validate={[required(), maxLength(200)]} />
    <TextInput
      source="slug"
      validate={editing ? undefined : validateSlug}
      disabled={editing}
      helperText={editing ? 'The slug names the workspace in config files; it cannot change' : 'e.g. demo'}
    />
  </>
);
