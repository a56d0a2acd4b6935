import { useState } from 'react';
import { useCanAccess, useRecordContext } from 'react-admin';
import { Button, Chip, CircularProgress, Stack, Tooltip } from '@mui/material';
import NetworkCheckIcon from '@mui/icons-material/NetworkCheck';
import { testProviderAccount, type ConnectionTest } from '../dataProvider/providers';
import type { ProviderAccount } from './types';

/**
 * "Test connection": the control plane lists the provider's models with the stored credentials
 * (Bedrock, Vertex and Azure answer "not supported"). The outcome stays next to the button.
 */
export const TestConnectionButton = () => {
  const record = useRecordContext<ProviderAccount>();
  const { canAccess } = useCanAccess({ resource: 'providers', action: 'edit' });
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<ConnectionTest | null>(null);
  if (!record || !canAccess) return null;
  const run = async (event: React.MouseEvent) => {
    event.stopPropagation();
    setRunning(true);
    try {
      setResult(await testProviderAccount(record.id));
    } catch (error) {
      setResult({
        ok: false,
        supported: true,
        status: null,
        latencyMs: null,
        models: null,
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      setRunning(false);
    }
  };
  return (
    <Stack direction="row" spacing={1} alignItems="center" onClick={(event) => event.stopPropagation()}>
      <Button
        size="small"
        startIcon={running ? <CircularProgress size={14} /> : <NetworkCheckIcon />}
        onClick={run}
        disabled={running}
      >
        Test connection
      </Button>
      {result && (
        <Tooltip title={result.latencyMs !== null ? `${result.latencyMs} ms` : ''}>
          <Chip
            size="small"
            data-testid="connection-test"
            color={result.ok ? 'success' : result.supported ? 'error' : 'default'}
            variant="outlined"
            label={result.message}
            sx={{ maxWidth: 420 }}
          />
        </Tooltip>
      )}
    </Stack>
  );
};
