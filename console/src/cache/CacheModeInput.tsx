import { useInput } from 'react-admin';
import { MenuItem, TextField } from '@mui/material';

const MODE_CHOICES = [
  { id: 'exact', name: 'exact: the same request' },
  { id: 'semantic', name: 'semantic: a similar last user message' },
];

/**
 * Off, exact or semantic. MUI's select rather than react-admin's SelectInput, which names its empty
 * option "Clear value" for screen readers whatever it shows: here "Off" is named "Off". Off is ''
 * in the select and null in the form (useInput's default parse), which cacheInput() reads as off.
 */
export const CacheModeInput = ({ helperText }: { helperText: string }) => {
  const { field, id } = useInput({ source: 'cache.mode' });
  return (
    <TextField
      {...field}
      id={id}
      select
      label="Cache answers"
      helperText={helperText}
      className="ra-input ra-input-cache.mode"
      sx={{ minWidth: 280 }}
    >
      <MenuItem value="">Off</MenuItem>
      {MODE_CHOICES.map(({ id, name }) => (
        <MenuItem key={id} value={id}>
          {name}
        </MenuItem>
      ))}
    </TextField>
  );
};
