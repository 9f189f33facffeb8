import { z } from 'zod';
import { Email, IsoDate, Locale, Password, PersonName, Role, Token, TotpCode, Uuid } from './common.js';

export const SessionUser = z.object({
  id: Uuid,
  email: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  role: Role,
  locale: Locale,
  emailVerified: z.boolean(),
  totpEnabled: z.boolean(),
  /** Staff must enrol TOTP before they can use the console. */
  mustEnrolTotp: z.boolean(),
  patientId: Uuid.nullable(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionInfo = z.object({
  user: SessionUser.nullable(),
  /** Echo this in the x-csrf-token header of every non-GET request. */
  csrfToken: z.string(),
  tenant: z.object({ name: z.string(), slug: z.string() }),
  demo: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const RegisterBody = z.strictObject({
  email: Email,
  password: Password,
  givenName: PersonName,
  familyName: PersonName,
  birthDate: IsoDate,
  locale: Locale.default('en'),
});
export type RegisterBody = z.input<typeof RegisterBody>;

export const VerifyEmailBody = z.strictObject({ token: Token });
export const EmailOnlyBody = z.strictObject({ email: Email });

export const SignInBody = z.strictObject({ email: Email, password: z.string().min(1).max(200) });
export const SignInResult = z.object({
  status: z.enum(['signed_in', 'totp_required']),
  user: SessionUser.nullable(),
});
export type SignInResult = z.infer<typeof SignInResult>;

export const TotpSignInBody = z.strictObject({ code: z.string().trim().min(6).max(20) });

export const PasswordResetConfirmBody = z.strictObject({ token: Token, password: Password });
export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: Password,
});

export const TotpSetup = z.object({ secret: z.string(), otpauthUri: z.string() });
export const TotpEnableBody = z.strictObject({ code: TotpCode });
export const TotpEnableResult = z.object({ recoveryCodes: z.array(z.string()) });
export const TotpDisableBody = z.strictObject({ code: TotpCode });

export const AcceptInvitationBody = z.strictObject({ token: Token, password: Password });
export const InvitationPreview = z.object({
  email: z.string(),
  role: Role,
  givenName: z.string(),
  tenantName: z.string(),
});

/** WebAuthn JSON payloads are defined by the W3C spec and checked by @simplewebauthn/server. */
export const PasskeyRegisterVerifyBody = z.strictObject({
  response: z.record(z.string(), z.unknown()),
  name: z.string().trim().min(1).max(60).default('Passkey'),
});
export const PasskeySignInOptionsBody = z.strictObject({ email: Email.optional() });
export const PasskeySignInVerifyBody = z.strictObject({ response: z.record(z.string(), z.unknown()) });
export const Passkey = z.object({
  id: Uuid,
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type Passkey = z.infer<typeof Passkey>;
