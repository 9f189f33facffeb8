import type { AuditEntry, Locale, Role } from '@accompany/contracts';
import type { MessageKey } from './catalog';

type T = (key: MessageKey) => string;

export const roleLabel = (t: T, role: Role) => t(`role.${role}` as const);
export const actionLabel = (t: T, action: AuditEntry['action']) => t(`action.${action}` as const);
export const localeLabel = (t: T, locale: Locale) => t(`lang.${locale}` as const);
