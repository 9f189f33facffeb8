export type Locale = 'en' | 'es';
export type TemplateName = 'verify_email' | 'password_reset' | 'invitation' | 'security_notice';
export interface RenderedMail {
    subject: string;
    text: string;
    html: string;
}
interface TemplateData {
    givenName?: string;
    link?: string;
    organization: string;
    role?: string;
    event?: 'totp_enabled' | 'totp_disabled' | 'password_changed' | 'passkey_added';
}
export declare function renderMail(template: TemplateName, locale: Locale, data: TemplateData): RenderedMail;
export {};
