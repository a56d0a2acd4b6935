import { Create, SimpleForm } from 'react-admin';
import { NEW_TARGET, RouteInputs } from './RouteInputs';

/** Starts with one empty target row: a route without a target is never what anyone wants. */
export const RouteCreate = () => (
  <Create title="New route" redirect="list">
    <SimpleForm sx={{ maxWidth: 960 }} defaultValues={{ strategy: 'single', targets: [NEW_TARGET] }}>
      <RouteInputs />
    </SimpleForm>
  </Create>
);
