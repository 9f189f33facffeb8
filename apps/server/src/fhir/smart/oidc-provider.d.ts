// oidc-provider ships no types: the small surface this server uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface KoaContextLike {
    method: string;
    path: string;
    status: number;
    type: string;
    query: Record<string, unknown>;
    ip?: string;
    /** The Node request the app was called with. */
    req: IncomingMessage;
    get(header: string): string;
    response: { get(header: string): string };
    body: unknown;
    oidc: {
      route: string;
      params?: Record<string, unknown>;
      client?: { clientId: string; scope?: string; clientAuthMethod: string; redirectUris: string[] };
      entities: Record<string, Record<string, unknown> | undefined>;
      result?: { consent?: { grantId?: string } };
      provider: Provider;
    };
  }

  export interface GrantModel {
    jti: string;
    getOIDCScopeFiltered(scopes: Set<string>): string;
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    issuer: string;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    use(middleware: (ctx: KoaContextLike, next: () => Promise<void>) => Promise<void>): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    Grant: { find(id: string): Promise<GrantModel | undefined> };
  }

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
    InvalidScope: new (description: string, scope?: string) => Error;
  };

  export default Provider;
}
