import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import smart from 'fhirclient';

/**
 * A tiny third-party app that uses the official SMART client (fhirclient, Node adapter):
 * GET /launch starts a standalone launch against `iss`; GET /callback finishes it and
 * answers what the app then knows (patient in context, token response).
 */
export async function startSmartApp(options: { iss: string; clientId: string; scope: string }) {
  const stored = new Map<string, unknown>();
  const storage = {
    get: async (key: string) => stored.get(key),
    set: async (key: string, value: unknown) => void stored.set(key, value),
    unset: async (key: string) => stored.delete(key),
  };
  let redirectUri = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const api = smart(req, res, storage);
    if (path === '/launch') {
      void api
        .authorize({
          clientId: options.clientId,
          scope: options.scope,
          redirectUri,
          iss: options.iss,
          pkceMode: 'required',
        })
        .catch((error: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: error.message }));
        });
      return;
    }
    if (path === '/callback') {
      api
        .ready()
        .then(async (client) => {
          // The app's first real call: its patient, read through the FHIR door with the token.
          const record = (await client.patient.read()) as { resourceType: string; id: string };
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              record: { resourceType: record.resourceType, id: record.id },
              patient: client.patient.id,
              fhirUser: client.getFhirUser(),
              userType: client.getUserType(),
              serverUrl: client.state.serverUrl,
              tokenResponse: client.state.tokenResponse,
            }),
          );
        })
        .catch((error: Error) => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: error.message }));
        });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  redirectUri = `${origin}/callback`;
  return {
    origin,
    redirectUri,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
