import { BooleanInput, PasswordInput, SelectInput, TextInput, maxLength, regex, required } from 'react-admin';
import { Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { jsonObjectText, validJsonObject } from '../common/textValues';
import {
  CREDENTIAL_FIELDS,
  KIND_CHOICES,
  defaultBaseUrl,
  kindSpec,
  type CredentialField,
} from './providerKinds';

const URL_PATTERN = regex(/^https?:\/\/\S+$/, 'An http(s) URL, e.g. https://api.openai.com/v1');
const keepText = (value: string) => value;

/** "API key" on create, "New API key" on edit, where an empty field keeps the stored one. */
function labelOf(field: CredentialField, editing: boolean): string {
  const label = CREDENTIAL_FIELDS[field];
  return editing ? `New ${label.replace(/^(Client|Service)/, (word) => word.toLowerCase())}` : label;
}

/**
 * An account's kind decides the rest of the form: the options it needs (bedrock region, vertex
 * project and location, azure apiVersion) and the credentials it reads. Credentials are write-only:
 * the API never returns them, so the fields start empty and only typed values are sent.
 */
export const ProviderInputs = ({ editing = false }: { editing?: boolean }) => {
  const kind = useWatch({ name: 'kind' }) as string | undefined;
  const spec = kindSpec(kind);
  const defaultUrl = defaultBaseUrl(kind);
  const keep = 'Leave blank to keep the stored value.';
  return (
    <>
      <TextInput
        source="name"
        validate={[required(), maxLength(200)]}
        helperText="Routes refer to this name"
      />
      <SelectInput
        source="kind"
        choices={KIND_CHOICES}
        validate={required()}
        defaultValue="openai"
        disabled={editing}
        helperText={editing ? 'The kind of an account cannot change' : false}
      />
      <TextInput
        source="baseUrl"
        label="Base URL"
        validate={spec.baseUrlRequired ? [required(), URL_PATTERN] : [URL_PATTERN]}
        helperText={
          spec.baseUrlRequired ? 'Required for this kind' : defaultUrl ? `Empty: ${defaultUrl}` : false
        }
      />
      {spec.options.map((option) => (
        <TextInput
          key={option.name}
          source={`options.${option.name}`}
          label={option.label}
          validate={option.required ? required() : undefined}
          helperText={option.helperText ?? false}
        />
      ))}
      <TextInput
        source="extraOptions"
        label="Other options (JSON)"
        format={jsonObjectText}
        parse={keepText}
        validate={validJsonObject}
        helperText='Other non-secret settings of this kind, e.g. {"anthropicVersion": "2023-06-01"}'
      />
      <Typography variant="subtitle2" sx={{ mt: 2 }}>
        Credentials
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {spec.credentialsHelp ?? 'Optional for providers that need none.'} Encrypted at rest; never shown
        again.
        {editing ? ` ${keep}` : ''}
      </Typography>
      {spec.credentials.map((field) =>
        field === 'serviceAccountJson' ? (
          <TextInput
            key={field}
            source={field}
            label={labelOf(field, editing)}
            multiline
            minRows={3}
            autoComplete="off"
            helperText="The key file's JSON (client_email, private_key, …)"
          />
        ) : (
          <PasswordInput
            key={field}
            source={field}
            label={labelOf(field, editing)}
            autoComplete="new-password"
            helperText={false}
          />
        ),
      )}
      {editing && (
        <BooleanInput
          source="clearCredentials"
          label="Remove the stored credentials"
          helperText="Fields typed above replace them instead"
        />
      )}
    </>
  );
};
