import { z } from 'zod';

/** One permission an app asks for, as the consent screen shows it. */
export const ConsentScope = z.object({
  scope: z.string(),
  /** 'data': records of a type (or all); 'offline': keep access while the patient is away; 'identity': who you are. */
  kind: z.enum(['data', 'offline', 'identity']),
  /** FHIR resource type, or '*' for the whole record (data scopes only). */
  resourceType: z.string().nullable(),
  /** Whether the app could also change records (never granted to apps here, shown for honesty). */
  write: z.boolean(),
  /** Identity and launch context are part of connecting at all; data and offline access can be left out. */
  optional: z.boolean(),
});
export type ConsentScope = z.infer<typeof ConsentScope>;

export const ConsentRequest = z.object({
  uid: z.string(),
  appName: z.string(),
  clientId: z.string(),
  /** Where the app will receive the answer (its host name), so the patient can recognise it. */
  redirectHost: z.string(),
  scopes: z.array(ConsentScope),
});
export type ConsentRequest = z.infer<typeof ConsentRequest>;

const ScopeString = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'Not a scope');

export const ConsentDecisionBody = z.strictObject({
  allow: z.boolean(),
  /** The optional scopes the patient kept; ignored when allow is false. */
  scopes: z.array(ScopeString).max(100).default([]),
});
export type ConsentDecisionBody = z.infer<typeof ConsentDecisionBody>;

export const ConsentDecisionResult = z.object({ redirectTo: z.string() });
export type ConsentDecisionResult = z.infer<typeof ConsentDecisionResult>;

export const ConnectedApp = z.object({
  grantId: z.string(),
  clientId: z.string(),
  appName: z.string(),
  scopes: z.array(z.string()),
  since: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ConnectedApp = z.infer<typeof ConnectedApp>;

export const GrantIdParams = z.strictObject({
  grantId: z.string().regex(/^[A-Za-z0-9_-]{10,100}$/, 'Not a grant id'),
});

export const ClientIdString = z
  .string()
  .regex(/^[A-Za-z0-9._-]{3,100}$/, 'Use 3 to 100 letters, digits, dots, dashes or underscores');

export const SmartClient = z.object({
  clientId: z.string(),
  name: z.string(),
  kind: z.enum(['app', 'backend']),
  authMethod: z.enum(['none', 'client_secret_basic', 'private_key_jwt']),
  redirectUris: z.array(z.string()),
  scopes: z.string(),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
export type SmartClient = z.infer<typeof SmartClient>;

const Jwk = z
  .object({ kty: z.enum(['RSA', 'EC']) })
  .catchall(z.unknown())
  .refine((k) => !('d' in k), 'Send the public key only, never the private part');

export const CreateSmartAppBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  clientId: ClientIdString.optional(),
  redirectUris: z
    .array(z.url({ protocol: /^https?$/ }).max(500))
    .min(1)
    .max(10),
  /** A confidential app gets a secret (shown once); a public app (in a browser or phone) none. */
  confidential: z.boolean().default(false),
  scopes: z.string().trim().max(1000).default('openid fhirUser launch/patient offline_access patient/*.rs'),
});
export type CreateSmartAppBody = z.infer<typeof CreateSmartAppBody>;

export const CreateBackendClientBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  clientId: ClientIdString.optional(),
  /** The system's public keys (JWKS) for its signed assertions (private_key_jwt). */
  jwks: z.object({ keys: z.array(Jwk).min(1).max(5) }),
  scopes: z.string().trim().min(1).max(1000).default('system/*.rs'),
});
export type CreateBackendClientBody = z.infer<typeof CreateBackendClientBody>;

export type CreateSmartClientBody =
  ({ kind: 'app' } & CreateSmartAppBody) | ({ kind: 'backend' } & CreateBackendClientBody);

export const CreatedSmartClient = SmartClient.extend({
  /** Shown once, for confidential apps only. */
  clientSecret: z.string().nullable(),
});
export type CreatedSmartClient = z.infer<typeof CreatedSmartClient>;
