import { DataTable, DateField, List, SearchInput } from 'react-admin';
import { Chip } from '@mui/material';
import { useWorkspaceId } from '../workspace/workspaceStore';
import type { Workspace } from './types';

const CurrentBadge = ({ record }: { record: Workspace }) => {
  const selected = useWorkspaceId();
  return record.id === selected ? (
    <Chip label="selected" size="small" color="primary" variant="outlined" />
  ) : null;
};

export const WorkspaceList = () => (
  <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'name', order: 'ASC' }}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="slug" />
      <DataTable.Col label="" disableSort render={(record: Workspace) => <CurrentBadge record={record} />} />
      <DataTable.Col source="createdAt" label="Created">
        <DateField source="createdAt" showTime />
      </DataTable.Col>
    </DataTable>
  </List>
);
