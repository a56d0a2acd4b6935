import { Create, SimpleForm, TextInput, maxLength, regex, required } from 'react-admin';
import { Typography } from '@mui/material';
import { PromptVersionInputs } from './PromptVersionInputs';

const validateSlug = [
  required(),
  maxLength(64),
  regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lower-case letters, digits and single dashes'),
];

export const PromptCreate = () => (
  <Create title="New prompt template" redirect="show">
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="name" validate={[required(), maxLength(200)]} />
      <TextInput
        source="slug"
        validate={validateSlug}
        helperText="Clients call /v1/prompts/<slug>/completions"
      />
      <TextInput source="description" multiline fullWidth />
      <Typography variant="subtitle2" sx={{ mt: 2 }}>
        Version 1
      </Typography>
      <PromptVersionInputs source="version" />
    </SimpleForm>
  </Create>
);
