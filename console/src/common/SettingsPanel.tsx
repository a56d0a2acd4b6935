import type { ReactNode } from 'react';
import { Accordion, AccordionDetails, AccordionSummary, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';

/** A titled, foldable block of route settings. */
export const SettingsPanel = ({
  title,
  summary,
  defaultExpanded = false,
  children,
}: {
  title: string;
  summary?: string;
  defaultExpanded?: boolean;
  children: ReactNode;
}) => (
  <Accordion variant="outlined" defaultExpanded={defaultExpanded} sx={{ width: '100%', mb: 2 }}>
    <AccordionSummary expandIcon={<ExpandMoreIcon />}>
      <Typography variant="subtitle2">{title}</Typography>
      {summary && (
        <Typography variant="body2" color="text.secondary" sx={{ ml: 2 }}>
          {summary}
        </Typography>
      )}
    </AccordionSummary>
    <AccordionDetails>{children}</AccordionDetails>
  </Accordion>
);
