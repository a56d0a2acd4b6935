import {
  BooleanInput,
  DeleteButton,
  Edit,
  ReferenceInput,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  maxLength,
  required,
  useNotify,
  useRecordContext,
  useRefresh,
  type Validator,
} from 'react-admin';
import { Alert, Stack, Typography } from '@mui/material';
import { WORKSPACE_ROLES } from '../auth/access';
import { listOf, listText } from '../common/textValues';
import { OIDC_SETTINGS_ID, type OidcSettingsRecord } from '../dataProvider/oidcSettings';
import { ClientSecretInput } from './ClientSecretInput';
import { RedirectUriNotice } from './RedirectUriNotice';

// The API takes the default role in lower case here (see OidcSettings.defaultRole).
const ROLE_CHOICES = WORKSPACE_ROLES.map((role) => ({ id: role.toLowerCase(), name: role.toLowerCase() }));
const keepText = (value: string) => value;

/** https:// anywhere; http:// only on the loopback address (the API's rule for development). */
const validUrl: Validator = (value: unknown) => {
  const text = String(value ?? '').trim();
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'A full URL, e.g. https://acme.okta.com/oauth2/default';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    return undefined;
  return 'Must start with https:// (http:// only for a provider on this machine)';
};
const validDomains: Validator = (value: unknown) => {
  const bad = listOf(value).find((domain) => !/^@?[a-z0-9.-]+\.[a-z0-9-]+$/i.test(domain));
  return bad ? `${bad} is not a domain name` : undefined;
};
const validScopes: Validator = (value: unknown) =>
  listOf(value).length && !listOf(value).includes('openid') ? 'Include openid' : undefined;
/** The API takes both or neither. */
const withWorkspace: Validator = (value: unknown, all: Partial<OidcSettingsRecord>) =>
  !value !== !all.defaultWorkspaceId ? 'Pick a default workspace and a default role, or neither' : undefined;

const SourceNotice = () => {
  const record = useRecordContext<OidcSettingsRecord>();
  if (record?.source === 'environment')
    return (
      <Alert severity="warning" sx={{ mb: 2, width: '100%' }}>
        These settings come from the SWITCHYARD_OIDC_* environment variables. Saving stores them in the
        database, where they win over the environment.
      </Alert>
    );
  if (record?.source === 'none')
    return (
      <Alert severity="info" sx={{ mb: 2, width: '100%' }}>
        Single sign-on is not configured: users sign in with a password only.
      </Alert>
    );
  return null;
};

/** Forgetting saved settings is offered only when there are some. */
const OidcToolbar = () => {
  const record = useRecordContext<OidcSettingsRecord>();
  const notify = useNotify();
  const refresh = useRefresh();
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      {record?.source === 'database' && (
        <DeleteButton
          mutationMode="pessimistic"
          label="Forget saved settings"
          confirmTitle="Forget the saved single sign-on settings?"
          confirmContent="SSO sign-in stops (or falls back to SWITCHYARD_OIDC_*, if set). Users keep their accounts."
          redirect={false}
          mutationOptions={{
            onSuccess: () => {
              notify('Saved single sign-on settings forgotten', { type: 'info' });
              refresh();
            },
          }}
        />
      )}
    </Toolbar>
  );
};

/**
 * The installation's OpenID Connect sign-in (installation admins only): the provider, the client
 * (its secret write-only), the redirect URI to register there, and who new users become.
 */
export const OidcSettingsPage = () => {
  const notify = useNotify();
  return (
    <Edit
      resource="oidc-settings"
      id={OIDC_SETTINGS_ID}
      title="Single sign-on (OIDC)"
      mutationMode="pessimistic"
      redirect={false}
      actions={false}
      mutationOptions={{ onSuccess: () => notify('Single sign-on settings saved', { type: 'success' }) }}
    >
      <SimpleForm sx={{ maxWidth: 860 }} toolbar={<OidcToolbar />}>
        <SourceNotice />
        <RedirectUriNotice />
        <BooleanInput source="enabled" label="Offer “Sign in with SSO”" />
        <Typography variant="subtitle2">Provider</Typography>
        <TextInput
          source="issuer"
          label="Issuer URL"
          validate={[required(), validUrl, maxLength(500)]}
          helperText="Its /.well-known/openid-configuration is read at sign-in"
        />
        <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap" sx={{ width: '100%' }}>
          <TextInput source="clientId" label="Client ID" validate={[required(), maxLength(255)]} />
        </Stack>
        <ClientSecretInput />
        <TextInput
          source="redirectUri"
          label="Redirect URI"
          validate={[required(), validUrl, maxLength(1000)]}
          helperText="This control plane's /auth/oidc/callback, as the provider reaches it"
        />
        <TextInput
          source="scopes"
          label="Scopes"
          format={listText}
          parse={keepText}
          validate={validScopes}
          helperText="Separated by spaces or commas; empty: openid, email, profile"
        />
        <Typography variant="subtitle2" sx={{ mt: 1 }}>
          Users
        </Typography>
        <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap" sx={{ width: '100%' }}>
          <ReferenceInput
            source="defaultWorkspaceId"
            reference="workspaces"
            sort={{ field: 'name', order: 'ASC' }}
          >
            <SelectInput
              label="Default workspace"
              optionText="name"
              emptyText="None"
              helperText="Every SSO user holds the default role here"
            />
          </ReferenceInput>
          <SelectInput
            source="defaultRole"
            label="Default role"
            choices={ROLE_CHOICES}
            emptyText="None"
            validate={withWorkspace}
          />
        </Stack>
        <TextInput
          source="allowedEmailDomains"
          label="Allowed email domains"
          format={listText}
          parse={keepText}
          validate={validDomains}
          helperText="Who may get a new account at first sign-in, e.g. example.com; empty: verified emails of any domain"
        />
        <TextInput
          source="groupsClaim"
          label="Groups claim"
          validate={maxLength(100)}
          helperText="The ID token claim with the user's groups, mapped to roles under Group role mappings"
        />
        <TextInput
          source="postLoginRedirect"
          label="After sign-in, go to"
          validate={maxLength(1000)}
          helperText="Default / (this console)"
        />
      </SimpleForm>
    </Edit>
  );
};
