import { DateField, EditButton, Labeled, Show, TextField, TopToolbar, useRecordContext } from 'react-admin';
import { Card, CardContent, CardHeader, Stack, Typography } from '@mui/material';
import { RecordTitle } from '../common/RecordTitle';
import type { Route } from './types';
import { RouteSettings } from './RouteSettings';
import { STRATEGY_HELP } from './strategies';
import { StrategyField } from './StrategyField';
import { TargetTable } from './TargetTable';

const StrategyHelp = () => {
  const record = useRecordContext<Route>();
  return record ? (
    <Typography variant="body2" color="text.secondary">
      {STRATEGY_HELP[record.strategy]}
    </Typography>
  ) : null;
};

/** A route at a glance: the strategy, its targets in order, and the settings that decide between them. */
export const RouteShow = () => (
  <Show
    title={<RecordTitle label="Route" />}
    actions={
      <TopToolbar>
        <EditButton />
      </TopToolbar>
    }
  >
    <CardContent>
      <Stack direction="row" spacing={4} sx={{ mb: 2 }} useFlexGap flexWrap="wrap" alignItems="flex-start">
        <Labeled label="Alias">
          <TextField source="alias" sx={{ fontFamily: 'monospace' }} />
        </Labeled>
        <Labeled label="Strategy">
          <StrategyField />
        </Labeled>
        <Labeled label="Updated">
          <DateField source="updatedAt" showTime />
        </Labeled>
      </Stack>
      <StrategyHelp />
      <Card variant="outlined" sx={{ my: 2 }}>
        <CardHeader title="Targets" titleTypographyProps={{ variant: 'subtitle1' }} />
        <TargetTable />
      </Card>
      <RouteSettings />
    </CardContent>
  </Show>
);
