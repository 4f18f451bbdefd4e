import { api } from './api';

export interface Operator {
  codIpa: string;
  username: string;
  roles: string[];
}

export const currentOperator = () => api<{ operator: Operator; expiresAt: string }>('/api/v1/auth/sessione');
export const login = (codIpa: string, username: string, password: string) =>
  api<{ operator: Operator; expiresAt: string }>('/api/v1/auth/login', { method: 'POST', body: { codIpa, username, password } });
export const logout = () => api('/api/v1/auth/logout', { method: 'POST' });
