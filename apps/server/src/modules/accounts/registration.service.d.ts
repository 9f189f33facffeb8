import type { z } from 'zod';
import type { RegisterBody } from '@accompany/contracts';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
type Registration = z.output<typeof RegisterBody>;
export declare function checkBirthDate(birthDate: string, today?: Date): void;
/**
 * A patient signs up: a patient record and an account linked to it, unverified until the
 * emailed link is used. An address that already has an account gets the same answer (no
 * account discovery) and a mail pointing at password reset instead.
 */
export declare function register(scope: Scope, platform: Platform, input: Registration): Promise<void>;
export declare function sendVerification(scope: Scope, platform: Platform, userId: string): Promise<void>;
export declare function resendVerification(scope: Scope, platform: Platform, email: string): Promise<void>;
export declare function verifyEmail(scope: Scope, token: string): Promise<void>;
export {};
