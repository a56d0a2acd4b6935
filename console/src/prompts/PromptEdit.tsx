import { Edit, SimpleForm, TextInput, maxLength, required } from 'react-admin';
import { RecordTitle } from '../common/RecordTitle';

/** Name and description only: versions are immutable (add one from the prompt's page). */
export const PromptEdit = () => (
  <Edit title={<RecordTitle label="Prompt" />} mutationMode="pessimistic" redirect="show">
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="name" validate={[required(), maxLength(200)]} />
      <TextInput source="slug" disabled helperText="Clients use it in the URL; it cannot change" />
      <TextInput source="description" multiline fullWidth />
    </SimpleForm>
  </Edit>
);
