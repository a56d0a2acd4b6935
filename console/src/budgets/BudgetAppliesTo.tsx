import { ReferenceField, useRecordContext } from 'react-admin';
import type { Budget } from './types';

export const BudgetAppliesTo = () => {
  const record = useRecordContext<Budget>();
  if (!record) return null;
  if (record.scope === 'key') return <ReferenceField source="keyId" reference="keys" link="edit" />;
  if (record.scope === 'tag') return <code>{`${record.tagKey}=${record.tagValue}`}</code>;
  return <span>workspace</span>;
};
