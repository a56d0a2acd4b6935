import { useQuery } from '@tanstack/react-query';
import { guardrailCheckTypes } from '../dataProvider/guardrails';

/** The native check catalogue; it only changes with a release, so it is fetched once. */
export function useCheckTypes() {
  return useQuery({ queryKey: ['guardrailCheckTypes'], queryFn: guardrailCheckTypes, staleTime: Infinity });
}
