import { useGetRecordRepresentation, useRecordContext, useResourceContext } from 'react-admin';

/**
 * "Route fast" rather than react-admin's default "Routes fast": resource labels are plural (they name
 * menu entries), page titles name one record.
 */
export const RecordTitle = ({ label }: { label: string }) => {
  const record = useRecordContext();
  const resource = useResourceContext();
  const represent = useGetRecordRepresentation(resource);
  return <span>{record ? `${label} ${String(represent(record))}` : label}</span>;
};
