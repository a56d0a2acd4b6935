import { useSyncExternalStore } from 'react';
import { HttpError } from 'react-admin';

/**
 * The selected workspace. It lives outside React (localStorage plus listeners) because the data
 * provider, which is not a component, needs it for every workspace-scoped request.
 */
const WORKSPACE_KEY = 'switchyard.workspaceId';
const listeners = new Set<() => void>();

export function getWorkspaceId(): string | null {
  return localStorage.getItem(WORKSPACE_KEY);
}

export function setWorkspaceId(id: string | null): void {
  if (id === getWorkspaceId()) return;
  if (id) localStorage.setItem(WORKSPACE_KEY, id);
  else localStorage.removeItem(WORKSPACE_KEY);
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useWorkspaceId(): string | null {
  return useSyncExternalStore(subscribe, getWorkspaceId);
}

/** For requests that make no sense without a workspace: a clear message instead of a server error. */
export function requireWorkspaceId(): string {
  const id = getWorkspaceId();
  if (!id)
    throw new HttpError('Select a workspace in the top bar first (or create one under Workspaces)', 400);
  return id;
}
