import {
  DataTable,
  DateField,
  DeleteButton,
  List,
  ReferenceField,
  SearchInput,
  SelectInput,
  TextField,
} from 'react-admin';
import { ROLE_CHOICES, RoleChip } from '../common/RoleChip';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={ROLE_CHOICES} />,
];

/**
 * Identity-provider groups and the workspace roles they give (installation admins only); they
 * apply to SCIM-provisioned groups and to the OIDC groups claim.
 */
export const GroupRoleMappingList = () => (
  <List filters={filters} sort={{ field: 'group', order: 'ASC' }} title="Group role mappings">
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="group">
        <TextField source="group" sx={{ fontFamily: 'monospace' }} />
      </DataTable.Col>
      <DataTable.Col source="workspaceId" label="Workspace">
        <ReferenceField source="workspaceId" reference="workspaces" link={false}>
          <TextField source="name" />
        </ReferenceField>
      </DataTable.Col>
      <DataTable.Col source="role">
        <RoleChip />
      </DataTable.Col>
      <DataTable.Col source="updatedAt" label="Updated">
        <DateField source="updatedAt" showTime />
      </DataTable.Col>
      <DataTable.Col label="" disableSort align="right">
        {/* The button sits in a clickable row, and React events bubble out of the dialog's portal too. */}
        <span onClick={(event) => event.stopPropagation()}>
          <DeleteButton
            mutationMode="pessimistic"
            confirmTitle="Delete this group role mapping?"
            confirmContent="Roles the group's members got from it through SCIM are recomputed at once; SSO roles at their next sign-in."
          />
        </span>
      </DataTable.Col>
    </DataTable>
  </List>
);
