import {
  ArrayInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  maxLength,
  regex,
  required,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { CacheInputs } from '../cache/CacheInputs';
import type { RouteStrategy } from './types';
import { ConditionsInputs } from './ConditionsInputs';
import { EnsembleInputs } from './EnsembleInputs';
import { FallbackInputs } from './FallbackInputs';
import { SemanticInputs } from './SemanticInputs';
import { STRATEGY_CHOICES, STRATEGY_HELP, TOKEN_PATTERN } from './strategies';
import { TargetInputs } from './TargetInputs';
import { TargetPolicyPanel } from './TargetPolicyPanel';

const validateAlias = [required(), maxLength(200), regex(TOKEN_PATTERN, 'Printable ASCII without spaces')];

export const NEW_TARGET = { kind: 'provider', providerId: '', model: '' };

/**
 * The strategy editor: a route maps the model name clients ask for (its alias) onto targets —
 * provider models or other routes — and the strategy's settings say how it picks among them.
 */
export const RouteInputs = () => {
  const strategy = (useWatch({ name: 'strategy' }) as RouteStrategy | undefined) ?? 'single';
  return (
    <>
      <TextInput source="alias" validate={validateAlias} helperText="Clients send this as `model`" />
      <SelectInput
        source="strategy"
        choices={STRATEGY_CHOICES}
        defaultValue="single"
        validate={required()}
        helperText={STRATEGY_HELP[strategy]}
      />
      <ArrayInput source="targets" validate={required('Add at least one target')}>
        <SimpleFormIterator
          getItemLabel={(index) => `#${index + 1}`}
          fullWidth
          disableReordering={false}
          disableClear
        >
          <TargetInputs showWeight={strategy === 'weighted'} />
          <TargetPolicyPanel />
        </SimpleFormIterator>
      </ArrayInput>
      {strategy === 'conditional' && <ConditionsInputs />}
      {strategy === 'semantic' && <SemanticInputs />}
      {strategy === 'ensemble' && <EnsembleInputs />}
      {strategy !== 'single' && strategy !== 'ensemble' && (
        <FallbackInputs expanded={strategy === 'fallback'} />
      )}
      <CacheInputs scope="Wins over the calling key's settings; off: the key's apply" />
    </>
  );
};
