import { PasswordInput, SelectInput, TextInput, maxLength, regex, required } from 'react-admin';
import { PROVIDER_KINDS } from '../types';

const KIND_CHOICES = PROVIDER_KINDS.map((kind) => ({
  id: kind,
  name: kind === 'openai' ? 'OpenAI' : 'OpenAI-compatible',
}));

const validateBaseUrl = [
  required(),
  regex(/^https?:\/\/\S+$/, 'An http(s) URL, e.g. https://api.openai.com/v1'),
];

/**
 * The API key is write-only: the API never returns it, so the field starts empty and is only sent
 * when someone types a new key.
 */
export const ProviderInputs = ({ editing = false }: { editing?: boolean }) => (
  <>
    <TextInput source="name" validate={[required(), maxLength(200)]} helperText="Routes refer to this name" />
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
      validate={validateBaseUrl}
      defaultValue="https://api.openai.com/v1"
    />
    <PasswordInput
      source="apiKey"
      label={editing ? 'New API key' : 'API key'}
      autoComplete="new-password"
      helperText={
        editing
          ? 'Leave empty to keep the stored key. Keys are encrypted at rest and never shown again.'
          : 'Encrypted at rest; never shown again. Optional for providers that need no key.'
      }
    />
  </>
);
