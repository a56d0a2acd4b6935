import { DateField, Edit, Labeled, SaveButton, SimpleForm, Toolbar } from 'react-admin';
import { RecordTitle } from '../common/RecordTitle';
import { Stack } from '@mui/material';
import { KeyInputs } from './KeyInputs';
import { KeyPrefixField } from './KeyPrefixField';
import { CredentialStatusField } from '../common/CredentialStatusField';
import { RevokeKeyButton } from './RevokeKeyButton';

/** Keys are revoked, never deleted: their usage history keeps pointing at them. */
const KeyEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <RevokeKeyButton />
  </Toolbar>
);

export const KeyEdit = () => (
  <Edit title={<RecordTitle label="Virtual key" />} mutationMode="pessimistic" redirect="list">
    <SimpleForm sx={{ maxWidth: 720 }} toolbar={<KeyEditToolbar />}>
      <Stack direction="row" spacing={4} sx={{ mb: 1 }}>
        <Labeled label="Key">
          <KeyPrefixField />
        </Labeled>
        <Labeled label="Status">
          <CredentialStatusField />
        </Labeled>
        <Labeled label="Created">
          <DateField source="createdAt" showTime />
        </Labeled>
      </Stack>
      <KeyInputs editing />
    </SimpleForm>
  </Edit>
);
