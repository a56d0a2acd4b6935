import { BooleanInput, TextInput } from 'react-admin';
import { Stack } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { listText, validStatuses } from '../common/textValues';
import { SettingsPanel } from '../common/SettingsPanel';
import { DEFAULT_RETRY_STATUSES, type FallbackPolicy } from './types';

const DEFAULT_TEXT = DEFAULT_RETRY_STATUSES.join(', ');
const statusesText = (value: unknown) =>
  value === null || value === undefined ? DEFAULT_TEXT : listText(value);
const keepText = (value: string) => value;

/**
 * When a failed attempt moves on to the next target. Every strategy with more than one target uses
 * it; a policy equal to the defaults is stored as "the defaults".
 */
export const FallbackInputs = ({ expanded }: { expanded: boolean }) => {
  const fallback = useWatch({ name: 'fallback' }) as Partial<FallbackPolicy> | null | undefined;
  const summary = `on ${statusesText(fallback?.onStatuses)}${fallback?.onTimeout === false ? '' : ', timeouts'}${
    fallback?.onConnectionError === false ? '' : ', connection errors'
  }`;
  return (
    <SettingsPanel title="Fallback policy" summary={summary} defaultExpanded={expanded}>
      <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap" alignItems="center">
        <TextInput
          source="fallback.onStatuses"
          label="Fall back on statuses"
          format={statusesText}
          parse={keepText}
          validate={validStatuses}
          helperText="Upstream HTTP statuses that move on to the next target"
          sx={{ minWidth: 280 }}
        />
        <BooleanInput source="fallback.onTimeout" label="On timeout" defaultValue helperText={false} />
        <BooleanInput
          source="fallback.onConnectionError"
          label="On connection error"
          defaultValue
          helperText={false}
        />
      </Stack>
    </SettingsPanel>
  );
};
