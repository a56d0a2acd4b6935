import {
  Button,
  CreateButton,
  LinkBase,
  DataTable,
  DateField,
  List,
  SearchInput,
  SelectInput,
  TopToolbar,
} from 'react-admin';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import { UsdPerMTokField } from '../common/UsdPerMTokField';
import { KIND_CHOICES } from '../providers/providerKinds';
import { NoWorkspaceGuard } from '../workspace/NoWorkspaceGuard';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput
    key="providerKind"
    source="providerKind"
    label="Provider kind"
    choices={KIND_CHOICES}
    alwaysOn
  />,
];

const PriceListActions = () => (
  <TopToolbar>
    <Button component={LinkBase} to="/models" label="Model catalog">
      <MenuBookIcon />
    </Button>
    <CreateButton />
  </TopToolbar>
);

/** The workspace's price overrides; every other model costs what the shipped catalog says. */
export const PriceList = () => (
  <NoWorkspaceGuard>
    <List
      filters={filters}
      sort={{ field: 'model', order: 'ASC' }}
      actions={<PriceListActions />}
      title="Model prices"
    >
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="providerKind" label="Provider kind" />
        <DataTable.Col source="model" />
        <DataTable.Col source="inputPerMTok" label="Input / MTok" align="right">
          <UsdPerMTokField source="inputPerMTok" />
        </DataTable.Col>
        <DataTable.Col source="outputPerMTok" label="Output / MTok" align="right">
          <UsdPerMTokField source="outputPerMTok" />
        </DataTable.Col>
        <DataTable.Col source="cachedInputPerMTok" label="Cached input / MTok" align="right">
          <UsdPerMTokField source="cachedInputPerMTok" />
        </DataTable.Col>
        <DataTable.NumberCol source="contextWindow" label="Context" />
        <DataTable.Col source="updatedAt" label="Updated">
          <DateField source="updatedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  </NoWorkspaceGuard>
);
