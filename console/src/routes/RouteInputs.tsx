import {
  ArrayInput,
  ReferenceInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  maxLength,
  regex,
  required,
} from 'react-admin';
import { ROUTE_STRATEGIES } from '../types';

const STRATEGY_CHOICES = ROUTE_STRATEGIES.map((strategy) => ({ id: strategy, name: strategy }));

/** The API's rule for identifiers: printable ASCII without whitespace, up to 200 characters. */
const validateToken = [required(), maxLength(200), regex(/^[\x21-\x7e]+$/, 'Printable ASCII without spaces')];

/** A route maps the model name clients ask for (its alias) onto provider accounts and their models. */
export const RouteInputs = ({ editing = false }: { editing?: boolean }) => (
  <>
    <TextInput source="alias" validate={validateToken} helperText="Clients send this as `model`" />
    <SelectInput
      source="strategy"
      choices={STRATEGY_CHOICES}
      defaultValue="single"
      validate={required()}
      disabled={editing}
      helperText="single: every request goes to the first target"
    />
    <ArrayInput source="targets" validate={required('Add at least one target')}>
      <SimpleFormIterator inline disableReordering={false}>
        <ReferenceInput source="providerId" reference="providers" sort={{ field: 'name', order: 'ASC' }}>
          <SelectInput label="Provider account" optionText="name" validate={required()} helperText={false} />
        </ReferenceInput>
        <TextInput source="model" label="Upstream model" validate={validateToken} helperText={false} />
      </SimpleFormIterator>
    </ArrayInput>
  </>
);
