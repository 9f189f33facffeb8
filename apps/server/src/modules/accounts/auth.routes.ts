import {
  AcceptInvitationBody,
  EmailOnlyBody,
  InvitationPreview,
  PasskeySignInOptionsBody,
  PasskeySignInVerifyBody,
  PasswordResetConfirmBody,
  RegisterBody,
  SessionInfo,
  SignInBody,
  SignInResult,
  Token,
  TotpSignInBody,
  VerifyEmailBody,
} from '@accompany/contracts';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { defineRoute, NO_CONTENT, type AnyRoute, type HandlerContext } from '../../platform/http/route.js';
import { randomToken } from '../../platform/crypto/tokens.js';
import { endSession } from '../../platform/auth/sessions.js';
import { AppError } from '../../platform/errors.js';
import { register, resendVerification, verifyEmail } from './registration.service.js';
import { signInWithPassword, signInWithSecondFactor, type SignInOutcome } from './sign-in.service.js';
import { confirmPasswordReset, requestPasswordReset } from './password.service.js';
import { signInOptions, signInWithPasskey } from './passkeys.service.js';
import { acceptInvitation, previewInvitation } from '../staff/invitations.service.js';

const tags = ['auth'];

function startSession(ctx: HandlerContext, outcome: SignInOutcome) {
  const { cookies, config } = ctx.platform;
  const maxAge = outcome.result.status === 'signed_in' ? config.sessionTtlHours * 3600 : 600;
  cookies.set(ctx.reply, cookies.session, outcome.token, maxAge);
  return outcome.result;
}

export const authRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/session',
    summary: 'Who is signed in, and the CSRF token to send with changes',
    tags,
    access: 'public',
    response: SessionInfo,
    handler: async (_input, ctx) => {
      const { cookies, config } = ctx.platform;
      let csrfToken = ctx.session?.csrfToken ?? cookies.read(ctx.request, cookies.csrf);
      if (!csrfToken) {
        csrfToken = randomToken();
        cookies.set(ctx.reply, cookies.csrf, csrfToken);
      }
      // The session lookup already read the user: no second query on every page load.
      const active = ctx.session?.stage === 'active' ? ctx.session.user : null;
      return {
        user: active ? { ...active, mustEnrolTotp: active.role !== 'patient' && !active.totpEnabled } : null,
        csrfToken,
        tenant: { name: ctx.scope.tenant.name, slug: ctx.scope.tenant.slug },
        demo: !config.smtpUrl,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/register',
    summary: 'A patient creates an account; a verification link is emailed',
    tags,
    access: 'public',
    body: RegisterBody,
    status: 201,
    response: z.object({ status: z.literal('verification_sent') }),
    handler: async ({ body }, ctx) => {
      await register(ctx.scope, ctx.platform, body);
      return { status: 'verification_sent' as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/verify-email',
    summary: 'Confirm an email address with the emailed link',
    tags,
    access: 'public',
    body: VerifyEmailBody,
    response: z.object({ status: z.literal('verified') }),
    handler: async ({ body }, ctx) => {
      await verifyEmail(ctx.scope, body.token);
      return { status: 'verified' as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/resend-verification',
    summary: 'Send the verification link again',
    tags,
    access: 'public',
    body: EmailOnlyBody,
    status: 202,
    response: z.object({ status: z.literal('accepted') }),
    handler: async ({ body }, ctx) => {
      await resendVerification(ctx.scope, ctx.platform, body.email);
      return { status: 'accepted' as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/sign-in',
    summary: 'Sign in with email and password',
    tags,
    access: 'public',
    body: SignInBody,
    response: SignInResult,
    handler: async ({ body }, ctx) => {
      if (ctx.session) await endSession(ctx.scope.tx, ctx.session.id);
      return startSession(ctx, await signInWithPassword(ctx.scope, ctx.platform, body.email, body.password));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/sign-in/totp',
    summary: 'Second step of sign-in: a TOTP code or a recovery code',
    tags,
    access: 'public',
    totpPending: true,
    body: TotpSignInBody,
    response: SignInResult,
    handler: async ({ body }, ctx) =>
      startSession(ctx, await signInWithSecondFactor(ctx.scope, ctx.platform, ctx.session!, body.code)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/sign-out',
    summary: 'End this session',
    tags,
    access: 'public',
    handler: async (_input, ctx) => {
      if (ctx.session) await endSession(ctx.scope.tx, ctx.session.id);
      ctx.platform.cookies.clear(ctx.reply, ctx.platform.cookies.session);
      return NO_CONTENT;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password-reset/request',
    summary: 'Email a password reset link (same answer whether or not the account exists)',
    tags,
    access: 'public',
    body: EmailOnlyBody,
    status: 202,
    response: z.object({ status: z.literal('accepted') }),
    handler: async ({ body }, ctx) => {
      await requestPasswordReset(ctx.scope, ctx.platform, body.email);
      return { status: 'accepted' as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/password-reset/confirm',
    summary: 'Choose a new password with the emailed link; ends every session',
    tags,
    access: 'public',
    body: PasswordResetConfirmBody,
    response: z.object({ status: z.literal('password_changed') }),
    handler: async ({ body }, ctx) => {
      await confirmPasswordReset(ctx.scope, ctx.platform, body.token, body.password);
      return { status: 'password_changed' as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/auth/invitations/:token',
    summary: 'What a staff invitation is for',
    tags,
    access: 'public',
    params: z.strictObject({ token: Token }),
    response: InvitationPreview,
    handler: async ({ params }, ctx) => previewInvitation(ctx.scope, params.token),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/invitations/accept',
    summary: 'Accept a staff invitation and choose a password',
    tags,
    access: 'public',
    body: AcceptInvitationBody,
    response: z.object({ status: z.literal('accepted') }),
    handler: async ({ body }, ctx) => {
      await acceptInvitation(ctx.scope, body.token, body.password);
      return { status: 'accepted' as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/passkeys/sign-in/options',
    summary: 'WebAuthn options to sign in with a passkey',
    tags,
    access: 'public',
    body: PasskeySignInOptionsBody,
    response: z.record(z.string(), z.unknown()),
    handler: async ({ body }, ctx) => {
      const { options, challengeId } = await signInOptions(ctx.scope, ctx.platform, body.email);
      ctx.platform.cookies.set(ctx.reply, ctx.platform.cookies.challenge, challengeId, 300);
      return options;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/auth/passkeys/sign-in/verify',
    summary: 'Finish signing in with a passkey',
    tags,
    access: 'public',
    body: PasskeySignInVerifyBody,
    response: SignInResult,
    handler: async ({ body }, ctx) => {
      const { cookies } = ctx.platform;
      const challengeId = cookies.read(ctx.request, cookies.challenge);
      if (!challengeId || !z.uuid().safeParse(challengeId).success) {
        throw new AppError('invalid_token', 'The passkey request expired. Try again.');
      }
      cookies.clear(ctx.reply, cookies.challenge);
      if (ctx.session) await endSession(ctx.scope.tx, ctx.session.id);
      const outcome = await signInWithPasskey(
        ctx.scope,
        ctx.platform,
        challengeId,
        body.response as unknown as AuthenticationResponseJSON,
      );
      return startSession(ctx, outcome);
    },
  }),
];
