/** Who is calling. Every ente-scoped route checks that the principal belongs to the ente in the path. */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'api-key'; codIpa: string; keyId: string }
  | { kind: 'operator'; codIpa: string; username: string; roles: string[] };

export function actorOf(p: Principal | undefined): string {
  if (!p) return 'anonymous';
  switch (p.kind) {
    case 'admin':
      return 'admin';
    case 'api-key':
      return `api-key:${p.codIpa}/${p.keyId}`;
    case 'operator':
      return `operator:${p.codIpa}/${p.username}`;
  }
}

export const PRINCIPAL = 'quadraPrincipal';
