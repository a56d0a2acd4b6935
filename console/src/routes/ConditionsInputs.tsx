import {
  ArrayInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  required,
  useSourceContext,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { listText } from '../common/textValues';
import { SettingsPanel } from '../common/SettingsPanel';
import { MATCH_OPERATORS } from './types';
import { TargetIndexInput } from './TargetIndexInput';

const OPERATOR_CHOICES = MATCH_OPERATORS.map((op) => ({ id: op, name: op }));
const FIELD_PATTERN = /^(header|metadata|param)\.\S+$|^key\.(id|name)$|^workspace\.(id|slug)$/;
const validField = (value: string) =>
  value && !FIELD_PATTERN.test(value.trim())
    ? 'header.<name>, metadata.<name>, param.<name>, key.id/name or workspace.id/slug'
    : undefined;
const keepText = (value: string) => value;

const NEW_RULE = { when: [{ field: '', op: 'eq', value: '' }], target: 0 };

/** The value a test compares with; `exists` takes none, `in`/`nin` a comma-separated list. */
const MatchValueInput = () => {
  const sourceContext = useSourceContext();
  const op = useWatch({ name: sourceContext.getSource('op') }) as string | undefined;
  if (op === 'exists') return null;
  return (
    <TextInput
      source="value"
      label="Value"
      format={listText}
      parse={keepText}
      helperText={
        op === 'in' || op === 'nin' ? 'Comma-separated' : op === 'regex' ? 'A regular expression' : false
      }
    />
  );
};

/** `conditional`: rules tried in order, each a list of tests that must all hold, then a default. */
export const ConditionsInputs = () => (
  <SettingsPanel
    title="Conditional rules"
    summary="the first rule that matches picks the target"
    defaultExpanded
  >
    <ArrayInput source="conditions.rules" label="Rules" defaultValue={[NEW_RULE]}>
      <SimpleFormIterator getItemLabel={(index) => `Rule ${index + 1}`} fullWidth>
        <ArrayInput source="when" label="When all of" validate={required('A rule needs a test')}>
          <SimpleFormIterator inline disableReordering>
            <TextInput
              source="field"
              label="Field"
              validate={[required(), validField]}
              helperText="e.g. metadata.tier, header.x-team, param.max_tokens, key.name"
            />
            <SelectInput
              source="op"
              label="Operator"
              choices={OPERATOR_CHOICES}
              defaultValue="eq"
              validate={required()}
              helperText={false}
            />
            <MatchValueInput />
          </SimpleFormIterator>
        </ArrayInput>
        <TargetIndexInput source="target" label="Then target" />
      </SimpleFormIterator>
    </ArrayInput>
    <TargetIndexInput source="conditions.defaultTarget" label="Otherwise (default target)" defaultValue={0} />
  </SettingsPanel>
);
