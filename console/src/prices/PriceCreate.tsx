import { Create, SimpleForm } from 'react-admin';
import { PriceInputs } from './PriceInputs';

/** Opened from the catalog, the form starts with that model and its current price. */
export const PriceCreate = () => (
  <Create title="New model price" redirect="list">
    <SimpleForm sx={{ maxWidth: 560 }}>
      <PriceInputs />
    </SimpleForm>
  </Create>
);
