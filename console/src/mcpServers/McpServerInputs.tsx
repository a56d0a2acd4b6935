import {
  ArrayInput,
  PasswordInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  maxLength,
  regex,
  required,
} from 'react-admin';
import { Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { MCP_TRANSPORTS } from './types';

const TRANSPORT_CHOICES = MCP_TRANSPORTS.map((transport) => ({ id: transport, name: transport }));
const AUTH_CHOICES = [
  { id: 'none', name: 'None' },
  { id: 'bearer', name: 'Bearer token' },
  { id: 'headers', name: 'Custom headers' },
  { id: 'oauth', name: 'OAuth client credentials' },
];
const validateSlug = [
  required(),
  maxLength(64),
  regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lower-case letters, digits and single dashes'),
];
const validateUrl = [required(), regex(/^https?:\/\/\S+$/, 'An http(s) URL')];

/** Credentials of the chosen kind; on edit, blank fields keep the stored ones. */
const AuthInputs = ({ editing }: { editing: boolean }) => {
  const authType = (useWatch({ name: 'authType' }) as string | undefined) ?? 'none';
  const keep = editing ? 'Leave blank to keep the stored one' : false;
  switch (authType) {
    case 'bearer':
      return (
        <PasswordInput
          source="bearerToken"
          label={editing ? 'New bearer token' : 'Bearer token'}
          autoComplete="new-password"
          validate={editing ? undefined : required()}
          helperText={keep || 'Sent as Authorization: Bearer …'}
        />
      );
    case 'headers':
      return (
        <ArrayInput source="headers" label="Headers" defaultValue={[{ name: '', value: '' }]}>
          <SimpleFormIterator inline disableReordering>
            <TextInput source="name" label="Header" validate={required()} helperText={false} />
            <PasswordInput
              source="value"
              label="Value"
              autoComplete="new-password"
              helperText={editing ? 'Type every value to replace them' : false}
            />
          </SimpleFormIterator>
        </ArrayInput>
      );
    case 'oauth':
      return (
        <>
          <TextInput source="oauth.tokenUrl" label="Token URL" validate={validateUrl} />
          <TextInput
            source="oauth.clientId"
            label="Client id"
            validate={editing ? undefined : required()}
            helperText={keep}
          />
          <PasswordInput
            source="oauth.clientSecret"
            label={editing ? 'New client secret' : 'Client secret'}
            autoComplete="new-password"
            validate={editing ? undefined : required()}
            helperText={
              editing ? 'With the client id, replaces the stored credentials; blank keeps them' : false
            }
          />
          <TextInput source="oauth.scope" label="Scope" helperText={false} />
        </>
      );
    default:
      return null;
  }
};

/**
 * A remote MCP server: clients reach it on a node at `/mcp/<slug>`. Its credentials are write-only,
 * sealed at rest and in snapshots; the API only says which kind is stored.
 */
export const McpServerInputs = ({ editing = false }: { editing?: boolean }) => (
  <>
    <TextInput source="name" validate={[required(), maxLength(200)]} />
    <TextInput
      source="slug"
      validate={validateSlug}
      disabled={editing}
      helperText={editing ? 'Clients use it in the URL; it cannot change' : 'Clients connect to /mcp/<slug>'}
    />
    <TextInput
      source="url"
      label="Upstream URL"
      validate={validateUrl}
      helperText="The server's MCP endpoint"
    />
    <SelectInput
      source="transport"
      choices={TRANSPORT_CHOICES}
      defaultValue="streamable-http"
      validate={required()}
    />
    <Typography variant="subtitle2" sx={{ mt: 2 }}>
      Upstream credentials
    </Typography>
    <SelectInput
      source="authType"
      label="Authentication"
      choices={AUTH_CHOICES}
      defaultValue="none"
      validate={required()}
    />
    <AuthInputs editing={editing} />
  </>
);
