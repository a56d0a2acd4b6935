import { SimpleForm } from 'react-admin';
import { SecretOnceCreate } from '../common/SecretOnceCreate';
import { KeyInputs } from './KeyInputs';

/** Creates a key and shows its secret once. */
export const KeyCreate = () => (
  <SecretOnceCreate resource="keys" title="New virtual key" noun="Virtual key">
    <SimpleForm sx={{ maxWidth: 720 }}>
      <KeyInputs />
    </SimpleForm>
  </SecretOnceCreate>
);
