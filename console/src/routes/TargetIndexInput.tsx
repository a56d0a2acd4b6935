import { SelectInput, required, type SelectInputProps } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { RouteTarget } from './types';
import { useTargetLabels } from './useTargetLabels';

/**
 * Rules, intents and defaults name a target by its index; the form offers the route's current
 * targets by name instead ("#1 openai → gpt-4o").
 */
export const TargetIndexInput = ({
  optional = false,
  ...props
}: Omit<SelectInputProps, 'choices'> & { optional?: boolean }) => {
  const targets = (useWatch({ name: 'targets' }) as Partial<RouteTarget>[] | undefined) ?? [];
  const labelOf = useTargetLabels();
  const choices = targets.map((target, index) => ({ id: index, name: `#${index + 1} ${labelOf(target)}` }));
  return (
    <SelectInput
      choices={choices}
      validate={optional ? undefined : required()}
      parse={(value: string | number | null) => (value === '' || value === null ? null : Number(value))}
      sx={{ minWidth: 220 }}
      {...props}
    />
  );
};
