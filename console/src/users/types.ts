export interface User {
  id: string;
  email: string;
  displayName: string;
  active: boolean;
  installationAdmin: boolean;
  hasPassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}
