import { Create, SimpleForm } from 'react-admin';
import { RouteInputs } from './RouteInputs';

/** Starts with one empty target row: a route without a target is never what anyone wants. */
export const RouteCreate = () => (
  <Create title="New route" redirect="list">
    <SimpleForm
      sx={{ maxWidth: 720 }}
      defaultValues={{ strategy: 'single', targets: [{ providerId: '', model: '' }] }}
    >
      <RouteInputs />
    </SimpleForm>
  </Create>
);
