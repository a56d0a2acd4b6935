import { Create, SimpleForm } from 'react-admin';
import { RateLimitInputs } from './RateLimitInputs';

export const RateLimitCreate = () => (
  <Create title="New rate limit" redirect="list">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <RateLimitInputs />
    </SimpleForm>
  </Create>
);
