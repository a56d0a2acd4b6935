import { ReferenceInput, SelectInput, TextInput, maxLength, required } from 'react-admin';
import { ROLE_CHOICES } from '../common/RoleChip';

/**
 * A mapping is named by its group and workspace: on edit only the role changes (another group or
 * workspace is another mapping).
 */
export const GroupRoleMappingInputs = ({ editing = false }: { editing?: boolean }) => (
  <>
    <TextInput
      source="group"
      validate={[required(), maxLength(256)]}
      disabled={editing}
      helperText={
        editing
          ? 'To map another group, create a new mapping'
          : 'The SCIM group name or OIDC groups claim value (any case); Entra ID sends group object ids'
      }
    />
    <ReferenceInput source="workspaceId" reference="workspaces" sort={{ field: 'name', order: 'ASC' }}>
      <SelectInput
        label="Workspace"
        optionText="name"
        validate={required()}
        disabled={editing}
        helperText={editing ? false : 'A mapping for the same group and workspace is replaced'}
      />
    </ReferenceInput>
    <SelectInput
      source="role"
      choices={ROLE_CHOICES}
      defaultValue="VIEWER"
      validate={required()}
      helperText="Members of the group hold this role (the highest of their groups)"
    />
  </>
);
