import type { GetListParams, GetListResult, RaRecord } from 'react-admin';

/**
 * The admin API returns most collections whole (a workspace has tens of routes, not millions), so the
 * console filters, sorts and pages them itself. Filters: `q` searches every text field; any other
 * key must equal the record's value (or be contained in it, for arrays).
 */
export function localList<T extends RaRecord>(
  records: T[],
  params: Partial<GetListParams>,
): GetListResult<T> {
  const filtered = records.filter((record) => matches(record, params.filter ?? {}));
  const { field, order } = params.sort ?? { field: 'id', order: 'ASC' };
  const sorted = [...filtered].sort((a, b) => compare(a[field], b[field]) * (order === 'DESC' ? -1 : 1));
  const { page, perPage } = params.pagination ?? { page: 1, perPage: sorted.length };
  const start = (page - 1) * perPage;
  return { data: sorted.slice(start, start + perPage), total: sorted.length };
}

function matches(record: RaRecord, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, wanted]) => {
    if (wanted === undefined || wanted === '' || wanted === null) return true;
    if (key === 'q') return searchText(record).includes(String(wanted).toLowerCase());
    const actual = record[key];
    if (Array.isArray(wanted)) return wanted.some((value) => String(value) === String(actual));
    if (Array.isArray(actual)) return actual.map(String).includes(String(wanted));
    return String(actual) === String(wanted);
  });
}

function searchText(record: RaRecord): string {
  return Object.values(record)
    .filter((value) => typeof value === 'string')
    .join('\n')
    .toLowerCase();
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}
