import { useRecordContext } from 'react-admin';
import { Chip, Stack } from '@mui/material';
import type { GuardrailPolicy } from './types';

/** The policy's checks by name, with their own action where it differs from the policy's. */
export const ChecksField = () => {
  const record = useRecordContext<GuardrailPolicy>();
  if (!record) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {record.checks.map((check) => (
        <Chip
          key={check.name}
          size="small"
          label={`${check.name}${check.name !== check.type ? ` (${check.type})` : ''}${check.action && check.action !== record.action ? ` → ${check.action}` : ''}`}
        />
      ))}
    </Stack>
  );
};
