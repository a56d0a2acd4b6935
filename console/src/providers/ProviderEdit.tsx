import { Edit, Labeled, SimpleForm } from 'react-admin';
import { RecordTitle } from '../common/RecordTitle';
import { CredentialsField } from './CredentialsField';
import { ProviderInputs } from './ProviderInputs';

export const ProviderEdit = () => (
  <Edit title={<RecordTitle label="Provider account" />} mutationMode="pessimistic" redirect="list">
    <SimpleForm sx={{ maxWidth: 720 }}>
      <Labeled label="Stored credentials">
        <CredentialsField />
      </Labeled>
      <ProviderInputs editing />
    </SimpleForm>
  </Edit>
);
