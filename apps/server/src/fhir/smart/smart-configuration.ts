import { IDENTITY_SCOPES } from './scope-policy.js';
import { fhirBaseOf, issuerOf } from './provider.js';

/** SMART App Launch 2.0 discovery document (`.well-known/smart-configuration`) for one origin. */
export function smartConfiguration(origin: string) {
  const issuer = issuerOf(origin);
  return {
    issuer,
    jwks_uri: `${issuer}/jwks`,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    introspection_endpoint: `${issuer}/introspect`,
    revocation_endpoint: `${issuer}/revoke`,
    userinfo_endpoint: `${issuer}/userinfo`,
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types_supported: ['code'],
    token_endpoint_auth_methods_supported: [
      'none',
      'client_secret_basic',
      'client_secret_post',
      'private_key_jwt',
    ],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384', 'RS256', 'ES256', 'PS256'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [
      ...IDENTITY_SCOPES,
      'patient/*.read',
      'patient/*.rs',
      'patient/*.r',
      'patient/*.s',
      'system/*.read',
      'system/*.rs',
    ],
    capabilities: [
      'launch-standalone',
      'client-public',
      'client-confidential-symmetric',
      'client-confidential-asymmetric',
      'context-standalone-patient',
      'permission-patient',
      'permission-v1',
      'permission-v2',
      'permission-offline',
      'sso-openid-connect',
    ],
    fhir_base: fhirBaseOf(origin),
  };
}
