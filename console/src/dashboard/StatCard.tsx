import type { ReactNode } from 'react';
import { Box, Card, CardContent, Skeleton, Typography } from '@mui/material';

interface StatCardProps {
  title: string;
  value: string | null;
  detail?: ReactNode;
  icon: ReactNode;
  testId?: string;
}

/** One headline number, in the style of react-admin's demo dashboard cards. */
export const StatCard = ({ title, value, detail, icon, testId }: StatCardProps) => (
  <Card sx={{ height: '100%' }}>
    <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
      <Box sx={{ color: 'primary.main', pt: 0.5 }}>{icon}</Box>
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="body2" color="text.secondary">
          {title}
        </Typography>
        <Typography
          variant="h5"
          component="div"
          data-testid={testId}
          sx={{ fontVariantNumeric: 'tabular-nums' }}
        >
          {value ?? <Skeleton width={80} />}
        </Typography>
        {detail && (
          <Typography variant="caption" color="text.secondary" component="div">
            {detail}
          </Typography>
        )}
      </Box>
    </CardContent>
  </Card>
);
