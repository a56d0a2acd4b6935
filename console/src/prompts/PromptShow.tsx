import { DateField, DeleteButton, EditButton, Labeled, Show, TextField, TopToolbar } from 'react-admin';
import { CardContent, Stack, Typography } from '@mui/material';
import { RecordTitle } from '../common/RecordTitle';
import { LabelManager } from './LabelManager';
import { NewVersionButton } from './NewVersionButton';
import { Playground } from './Playground';
import { VersionDiff } from './VersionDiff';
import { VersionsTable } from './VersionsTable';

/** A prompt template: versions, a diff between two, labels, and a playground on a gateway node. */
export const PromptShow = () => (
  <Show
    title={<RecordTitle label="Prompt" />}
    actions={
      <TopToolbar>
        <NewVersionButton />
        <EditButton />
        <DeleteButton mutationMode="pessimistic" />
      </TopToolbar>
    }
  >
    <CardContent>
      <Stack direction="row" spacing={4} useFlexGap flexWrap="wrap" sx={{ mb: 2 }}>
        <Labeled label="Name">
          <TextField source="name" />
        </Labeled>
        <Labeled label="Slug">
          <TextField source="slug" sx={{ fontFamily: 'monospace' }} />
        </Labeled>
        <Labeled label="Description">
          <TextField source="description" emptyText="—" />
        </Labeled>
        <Labeled label="Updated">
          <DateField source="updatedAt" showTime />
        </Labeled>
      </Stack>
      <Typography variant="subtitle1">Versions</Typography>
      <VersionsTable />
      <VersionDiff />
      <LabelManager />
      <Playground />
    </CardContent>
  </Show>
);
