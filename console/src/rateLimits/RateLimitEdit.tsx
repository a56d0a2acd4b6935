import { Edit, SimpleForm } from 'react-admin';
import { RateLimitInputs } from './RateLimitInputs';

export const RateLimitEdit = () => (
  <Edit title="Rate limit" mutationMode="pessimistic" redirect="list">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <RateLimitInputs editing />
    </SimpleForm>
  </Edit>
);
