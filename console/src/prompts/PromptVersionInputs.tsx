import {
  ArrayInput,
  AutocompleteArrayInput,
  ReferenceInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  required,
} from 'react-admin';
import { jsonObjectText, validJsonObject } from '../common/textValues';

export const ROLE_CHOICES = ['system', 'developer', 'user', 'assistant'].map((role) => ({
  id: role,
  name: role,
}));
const keepText = (value: string) => value;
/** Labels typed freely: the autocomplete offers the usual ones and accepts new ones. */
const LABEL_CHOICES = ['production', 'staging', 'latest'].map((label) => ({ id: label, name: label }));

/**
 * The inputs of one prompt version under `source` (e.g. "version"): the route it is sent to, its
 * messages (Mustache: {{name}} is a variable), request parameters as JSON, and labels to point at it.
 */
export const PromptVersionInputs = ({ source }: { source: string }) => (
  <>
    <ReferenceInput source={`${source}.model`} reference="routes" sort={{ field: 'alias', order: 'ASC' }}>
      <SelectInput
        label="Route"
        optionText="alias"
        optionValue="alias"
        validate={required()}
        helperText="The route alias the rendered request is sent to"
      />
    </ReferenceInput>
    <ArrayInput
      source={`${source}.messages`}
      label="Messages"
      defaultValue={[{ role: 'system', content: '' }]}
    >
      <SimpleFormIterator fullWidth>
        <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} helperText={false} />
        <TextInput
          source="content"
          label="Content"
          multiline
          minRows={2}
          fullWidth
          validate={required()}
          helperText="{{name}} is a variable"
        />
      </SimpleFormIterator>
    </ArrayInput>
    <TextInput
      source={`${source}.params`}
      label="Parameters (JSON)"
      multiline
      fullWidth
      format={jsonObjectText}
      parse={keepText}
      validate={validJsonObject}
      helperText='e.g. {"temperature": 0.2, "max_tokens": 300}'
    />
    <AutocompleteArrayInput
      source={`${source}.labels`}
      label="Labels"
      choices={LABEL_CHOICES}
      onCreate={(label) => (label ? { id: label, name: label } : undefined)}
      createItemLabel="Add label %{item}"
      helperText="Point these labels at this version"
    />
  </>
);
