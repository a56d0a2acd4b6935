import { ChipField, ReferenceArrayField, SingleFieldList, useRecordContext } from 'react-admin';
import { Typography } from '@mui/material';
import type { VirtualKey } from './types';

/** No allow-list (null) means the key may use every route of its workspace. */
export const AllowedRoutesField = () => {
  const record = useRecordContext<VirtualKey>();
  if (!record) return null;
  if (!record.allowedRouteIds?.length) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        all routes
      </Typography>
    );
  }
  return (
    <ReferenceArrayField source="allowedRouteIds" reference="routes">
      <SingleFieldList linkType={false}>
        <ChipField source="alias" size="small" />
      </SingleFieldList>
    </ReferenceArrayField>
  );
};
