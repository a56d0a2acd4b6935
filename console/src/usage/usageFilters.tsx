import { AutocompleteInput, DateTimeInput, NumberInput, ReferenceInput, TextInput } from 'react-admin';

/** The filters the usage API understands (key, route alias, HTTP status, parent request, time window). */
export const usageFilters = [
  <ReferenceInput key="keyId" source="keyId" reference="keys" alwaysOn sort={{ field: 'name', order: 'ASC' }}>
    <AutocompleteInput label="Key" optionText="name" sx={{ minWidth: 200 }} />
  </ReferenceInput>,
  <TextInput key="routeAlias" source="routeAlias" label="Route alias" alwaysOn resettable />,
  <NumberInput
    key="status"
    source="status"
    label="HTTP status"
    alwaysOn
    min={100}
    max={599}
    step={1}
    sx={{ width: 140 }}
  />,
  <TextInput key="parentRequestId" source="parentRequestId" label="Sub-calls of request" resettable />,
  <DateTimeInput key="since" source="since" label="Since" />,
  <DateTimeInput key="until" source="until" label="Until" />,
];
