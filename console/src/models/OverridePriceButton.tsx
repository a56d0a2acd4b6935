import { Button, LinkBase, useCanAccess, useGetList, useRecordContext } from 'react-admin';
import EditIcon from '@mui/icons-material/Edit';
import type { ModelPrice } from '../prices/types';
import { useWorkspaceId } from '../workspace/workspaceStore';
import type { ModelInfo } from './types';

/** Opens the workspace's price for this model: its edit page if there is one, else a prefilled create. */
export const OverridePriceButton = () => {
  const record = useRecordContext<ModelInfo>();
  const workspaceId = useWorkspaceId();
  const { canAccess } = useCanAccess({ resource: 'prices', action: 'create' });
  const { data: prices } = useGetList<ModelPrice>(
    'prices',
    { pagination: { page: 1, perPage: 1000 }, sort: { field: 'model', order: 'ASC' } },
    { enabled: workspaceId !== null },
  );
  // Prices belong to a workspace: without one the catalog is read-only.
  if (!record || !workspaceId || !canAccess) return null;
  const existing = prices?.find(
    (price) => price.providerKind === record.kind && price.model === record.model,
  );
  if (existing)
    return (
      <Button component={LinkBase} to={`/prices/${encodeURIComponent(existing.id)}`} label="Edit price">
        <EditIcon />
      </Button>
    );
  const draft = {
    providerKind: record.kind,
    model: record.model,
    inputPerMTok: record.inputPerMTok,
    outputPerMTok: record.outputPerMTok,
    cachedInputPerMTok: record.cachedInputPerMTok,
    contextWindow: record.contextWindow,
  };
  return (
    <Button
      component={LinkBase}
      to={{ pathname: '/prices/create', state: { record: draft } }}
      label="Set price"
    >
      <EditIcon />
    </Button>
  );
};
