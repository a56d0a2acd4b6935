export interface Workspace {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
}
