import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small third-party app for journeys: GET /launch starts a SMART standalone launch (PKCE
 * S256) against `fhirBase`; GET /callback exchanges the code and shows what it received.
 * It keeps the last token so the journey can check that it stops working.
 */
export async function startLaunchingApp(fhirBase: string) {
  const state = { clientId: '', verifier: '', expected: '', accessToken: '', patient: '' };
  let redirectUri = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://app');
    const html = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="en"><head><title>Test app</title></head><body><main>${body}</main></body></html>`,
      );
    };
    if (url.pathname === '/launch') {
      state.verifier = randomBytes(32).toString('base64url');
      state.expected = randomBytes(8).toString('hex');
      const params = new URLSearchParams({
        response_type: 'code',
        client_id: state.clientId,
        redirect_uri: redirectUri,
        scope: 'openid fhirUser launch/patient offline_access patient/Observation.rs patient/Condition.rs',
        state: state.expected,
        aud: fhirBase,
        code_challenge: createHash('sha256').update(state.verifier).digest('base64url'),
        code_challenge_method: 'S256',
      });
      res.writeHead(302, { location: `${fhirBase}/auth/authorize?${params}` }).end();
      return;
    }
    if (url.pathname === '/callback') {
      const code = url.searchParams.get('code');
      if (url.searchParams.get('state') !== state.expected || !code) {
        html(400, `<h1>Not connected</h1><p id="error">${url.searchParams.get('error') ?? 'bad state'}</p>`);
        return;
      }
      void fetch(`${fhirBase}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: state.clientId,
          code_verifier: state.verifier,
        }),
      })
        .then(async (r) => {
          const token = (await r.json()) as { access_token?: string; patient?: string; scope?: string };
          if (!token.access_token)
            return html(400, `<h1>Not connected</h1><p id="error">${JSON.stringify(token)}</p>`);
          state.accessToken = token.access_token;
          state.patient = token.patient ?? '';
          html(200, `<h1>Connected</h1><p id="scope">${token.scope ?? ''}</p>`);
        })
        .catch(() => html(502, '<h1>Not connected</h1>'));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  redirectUri = `${origin}/callback`;
  return {
    origin,
    redirectUri,
    state,
    /** RFC 7662 introspection of the app's token, as the public client itself. */
    async tokenActive(): Promise<boolean> {
      const res = await fetch(`${fhirBase}/auth/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: state.accessToken, client_id: state.clientId }),
      });
      return ((await res.json()) as { active: boolean }).active;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
