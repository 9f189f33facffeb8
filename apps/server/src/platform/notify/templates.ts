export type Locale = 'en' | 'es';
export type TemplateName =
  | 'verify_email'
  | 'password_reset'
  | 'invitation'
  | 'security_notice'
  | 'appointment_booked'
  | 'appointment_reminder'
  | 'appointment_cancelled'
  | 'waitlist_offer'
  | 'payment_receipt'
  | 'payment_failed'
  | 'statement_ready'
  | 'plan_installment_notice'
  | 'autopay_notice';

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
  /** Appointments: when (already in the patient's language and the location's zone), with whom, where. */
  when?: string;
  provider?: string;
  place?: string;
  calendarLink?: string;
  /** Billing: an amount already formatted for the reader ("$45.00"), a date, a statement code, a card. */
  amount?: string;
  date?: string;
  /** Billing: a statement's lines, one per text line, already in the reader's language. */
  items?: string;
  code?: string;
  last4?: string;
}

type Copy = { subject: string; lines: string[]; action?: string };

const copy = {
  verify_email: {
    en: (d) => ({
      subject: `Confirm your email for ${d.organization}`,
      lines: [
        `Hi ${d.givenName ?? ''},`,
        'Please confirm your email address to finish creating your account.',
        'The link works for 24 hours. If you did not sign up, ignore this message.',
      ],
      action: 'Confirm my email',
    }),
    es: (d) => ({
      subject: `Confirme su correo para ${d.organization}`,
      lines: [
        `Hola ${d.givenName ?? ''}:`,
        'Confirme su dirección de correo para terminar de crear su cuenta.',
        'El enlace es válido por 24 horas. Si usted no se registró, ignore este mensaje.',
      ],
      action: 'Confirmar mi correo',
    }),
  },
  password_reset: {
    en: (d) => ({
      subject: `Reset your ${d.organization} password`,
      lines: [
        `Hi ${d.givenName ?? ''},`,
        'Someone asked to reset the password of your account. Use the link below to choose a new one.',
        'The link works for 1 hour. If it was not you, ignore this message: your password stays the same.',
      ],
      action: 'Choose a new password',
    }),
    es: (d) => ({
      subject: `Restablezca su contraseña de ${d.organization}`,
      lines: [
        `Hola ${d.givenName ?? ''}:`,
        'Alguien pidió restablecer la contraseña de su cuenta. Use el enlace para elegir una nueva.',
        'El enlace es válido por 1 hora. Si no fue usted, ignore este mensaje: su contraseña no cambia.',
      ],
      action: 'Elegir una contraseña nueva',
    }),
  },
  invitation: {
    en: (d) => ({
      subject: `You are invited to the ${d.organization} staff console`,
      lines: [
        `Hi ${d.givenName ?? ''},`,
        `You have been invited to join ${d.organization} on Accompany as ${d.role ?? 'staff'}.`,
        'Accept within 7 days and choose your password. You will then set up two-factor sign-in.',
      ],
      action: 'Accept the invitation',
    }),
    es: (d) => ({
      subject: `Invitación a la consola de personal de ${d.organization}`,
      lines: [
        `Hola ${d.givenName ?? ''}:`,
        `Le invitaron a unirse a ${d.organization} en Accompany como ${d.role ?? 'personal'}.`,
        'Acepte dentro de 7 días y elija su contraseña. Después configurará el acceso en dos pasos.',
      ],
      action: 'Aceptar la invitación',
    }),
  },
  security_notice: {
    en: (d) => ({
      subject: `Security change on your ${d.organization} account`,
      lines: [
        `Hi ${d.givenName ?? ''},`,
        securityEvent.en[d.event ?? 'password_changed'],
        'If this was not you, reset your password now and contact the organization.',
      ],
    }),
    es: (d) => ({
      subject: `Cambio de seguridad en su cuenta de ${d.organization}`,
      lines: [
        `Hola ${d.givenName ?? ''}:`,
        securityEvent.es[d.event ?? 'password_changed'],
        'Si no fue usted, restablezca su contraseña ahora y comuníquese con la organización.',
      ],
    }),
  },
  payment_receipt: {
    en: (d) => ({
      subject: `Receipt: ${d.amount ?? ''} paid to ${d.organization}`,
      lines: [
        `Hi ${d.givenName ?? ''},`,
        `Thank you. We received your payment of ${d.amount ?? ''} on ${d.date ?? ''} with the card ending ${d.last4 ?? ''}.`,
        `Receipt number: ${d.code ?? ''}. Your receipts are also in the app under Bills.`,
      ],
      action: 'See my bills',
    }),
    es: (d) => ({
      subject: `Recibo: ${d.amount ?? ''} pagado a ${d.organization}`,
      lines: [
        `Hola ${d.givenName ?? ''}:`,
        `Gracias. Recibimos su pago de ${d.amount ?? ''} el ${d.date ?? ''} con la tarjeta que termina en ${d.last4 ?? ''}.`,
        `Número de recibo: ${d.code ?? ''}. Sus recibos también están en la aplicación, en Facturas.`,
      ],
      action: 'Ver mis facturas',
    }),
  },
  payment_failed: {
    en: (d) => ({
      subject: `Your payment of ${d.amount ?? ''} did not go through`,
      lines: [
        `Hi ${d.givenName ?? ''},`,
        `The card ending ${d.last4 ?? ''} was not charged ${d.amount ?? ''}. Nothing was taken from it.`,
        'Please check the card or use another one.',
      ],
      action: 'Pay my bill',
    }),
    es: (d) => ({
      subject: `Su pago de ${d.amount ?? ''} no se realizó`,
      lines: [
        `Hola ${d.givenName ?? ''}:`,
        `No se cobraron ${d.amount ?? ''} a la tarjeta que termina en ${d.last4 ?? ''}. No se le quitó nada.`,
        'Revise la tarjeta o use otra.',
      ],
      action: 'Pagar mi factura',
    }),
  },
  statement_ready: {
    en: (d) => ({
      subject: `Your ${d.organization} statement: ${d.amount ?? ''} due ${d.date ?? ''}`,
      lines: [
        `Hi ${d.givenName ?? ''},`,
        `Your new statement (code ${d.code ?? ''}) is ready. You owe ${d.amount ?? ''}, due by ${d.date ?? ''}.`,
        ...listed(d.items),
        'It explains each visit: what was charged, what insurance paid, and why the rest is yours.',
      ],
      action: 'See and pay my statement',
    }),
    es: (d) => ({
      subject: `Su estado de cuenta de ${d.organization}: ${d.amount ?? ''} para el ${d.date ?? ''}`,
      lines: [
        `Hola ${d.givenName ?? ''}:`,
        `Su nuevo estado de cuenta (código ${d.code ?? ''}) está listo. Debe ${d.amount ?? ''}, a pagar antes del ${d.date ?? ''}.`,
        ...listed(d.items),
        'Explica cada visita: lo que se cobró, lo que pagó el seguro y por qué el resto le corresponde.',
      ],
      action: 'Ver y pagar mi estado de cuenta',
    }),
  },
  plan_installment_notice: {
    en: (d) => ({
      subject: `Payment plan: ${d.amount ?? ''} will be charged on ${d.date ?? ''}`,
      lines: [
        `Hi ${d.givenName ?? ''},`,
        `As agreed in your payment plan, ${d.amount ?? ''} will be charged to the card ending ${d.last4 ?? ''} on ${d.date ?? ''}.`,
        'You can see or change your plan in the app under Bills.',
      ],
      action: 'See my plan',
    }),
    es: (d) => ({
      subject: `Plan de pagos: se cobrarán ${d.amount ?? ''} el ${d.date ?? ''}`,
      lines: [
        `Hola ${d.givenName ?? ''}:`,
        `Según su plan de pagos, se cobrarán ${d.amount ?? ''} a la tarjeta que termina en ${d.last4 ?? ''} el ${d.date ?? ''}.`,
        'Puede ver o cambiar su plan en la aplicación, en Facturas.',
      ],
      action: 'Ver mi plan',
    }),
  },
  autopay_notice: {
    en: (d) => ({
      subject: `Autopay: ${d.amount ?? ''} will be charged on ${d.date ?? ''}`,
      lines: [
        `Hi ${d.givenName ?? ''},`,
        `Your statement ${d.code ?? ''} will be paid automatically: ${d.amount ?? ''} from the card ending ${d.last4 ?? ''} on ${d.date ?? ''}.`,
        'To stop it, turn autopay off in the app under Bills before that date.',
      ],
      action: 'Manage autopay',
    }),
    es: (d) => ({
      subject: `Pago automático: se cobrarán ${d.amount ?? ''} el ${d.date ?? ''}`,
      lines: [
        `Hola ${d.givenName ?? ''}:`,
        `Su estado de cuenta ${d.code ?? ''} se pagará automáticamente: ${d.amount ?? ''} de la tarjeta que termina en ${d.last4 ?? ''} el ${d.date ?? ''}.`,
        'Para detenerlo, desactive el pago automático en la aplicación, en Facturas, antes de esa fecha.',
      ],
      action: 'Gestionar el pago automático',
    }),
  },
} as Record<TemplateName, Record<Locale, (d: TemplateData) => Copy>>;

const visitLines = {
  en: (d: TemplateData) => [
    `When: ${d.when ?? ''}`,
    `With: ${d.provider ?? ''}`,
    `Where: ${d.place ?? ''}`,
    ...(d.calendarLink ? [`Add to your calendar: ${d.calendarLink}`] : []),
  ],
  es: (d: TemplateData) => [
    `Cuándo: ${d.when ?? ''}`,
    `Con: ${d.provider ?? ''}`,
    `Dónde: ${d.place ?? ''}`,
    ...(d.calendarLink ? [`Agregar a su calendario: ${d.calendarLink}`] : []),
  ],
};

const appointmentCopy: Pick<
  typeof copy,
  'appointment_booked' | 'appointment_reminder' | 'appointment_cancelled' | 'waitlist_offer'
> = {
  appointment_booked: {
    en: (d) => ({
      subject: `Your appointment at ${d.organization} is booked`,
      lines: [`Hi ${d.givenName ?? ''},`, 'Your appointment is booked.', ...visitLines.en(d)],
      action: 'See, move or cancel it',
    }),
    es: (d) => ({
      subject: `Su cita en ${d.organization} está reservada`,
      lines: [`Hola ${d.givenName ?? ''}:`, 'Su cita está reservada.', ...visitLines.es(d)],
      action: 'Ver, cambiar o cancelar la cita',
    }),
  },
  appointment_reminder: {
    en: (d) => ({
      subject: `Reminder: your appointment at ${d.organization}`,
      lines: [`Hi ${d.givenName ?? ''},`, 'This is a reminder of your appointment.', ...visitLines.en(d)],
      action: 'Confirm, reschedule or cancel',
    }),
    es: (d) => ({
      subject: `Recordatorio: su cita en ${d.organization}`,
      lines: [`Hola ${d.givenName ?? ''}:`, 'Le recordamos su cita.', ...visitLines.es(d)],
      action: 'Confirmar, cambiar o cancelar',
    }),
  },
  appointment_cancelled: {
    en: (d) => ({
      subject: `Your appointment at ${d.organization} is cancelled`,
      lines: [`Hi ${d.givenName ?? ''},`, 'This appointment is cancelled.', ...visitLines.en(d)],
    }),
    es: (d) => ({
      subject: `Su cita en ${d.organization} fue cancelada`,
      lines: [`Hola ${d.givenName ?? ''}:`, 'Esta cita fue cancelada.', ...visitLines.es(d)],
    }),
  },
  waitlist_offer: {
    en: (d) => ({
      subject: `An earlier time opened at ${d.organization}`,
      lines: [
        `Hi ${d.givenName ?? ''},`,
        'An earlier time opened. The first person to accept it gets it.',
        ...visitLines.en(d),
      ],
      action: 'See the offer',
    }),
    es: (d) => ({
      subject: `Se abrió un horario más pronto en ${d.organization}`,
      lines: [
        `Hola ${d.givenName ?? ''}:`,
        'Se abrió un horario más pronto. La primera persona que lo acepte se queda con él.',
        ...visitLines.es(d),
      ],
      action: 'Ver la oferta',
    }),
  },
};
Object.assign(copy, appointmentCopy);

const securityEvent: Record<Locale, Record<NonNullable<TemplateData['event']>, string>> = {
  en: {
    totp_enabled: 'Two-factor sign-in was turned on for your account.',
    totp_disabled: 'Two-factor sign-in was turned off for your account.',
    password_changed: 'The password of your account was changed.',
    passkey_added: 'A new passkey was added to your account.',
  },
  es: {
    totp_enabled: 'Se activó el acceso en dos pasos en su cuenta.',
    totp_disabled: 'Se desactivó el acceso en dos pasos en su cuenta.',
    password_changed: 'Se cambió la contraseña de su cuenta.',
    passkey_added: 'Se agregó una nueva llave de acceso a su cuenta.',
  },
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A list passed through the outbox as lines of text, as bullet lines of the mail. */
const listed = (items: string | undefined) => (items ? items.split('\n').map((item) => `• ${item}`) : []);

export function renderMail(template: TemplateName, locale: Locale, data: TemplateData): RenderedMail {
  const c = copy[template][locale](data);
  const text = [
    ...c.lines,
    ...(c.action && data.link ? ['', `${c.action}: ${data.link}`] : []),
    '',
    `— ${data.organization}`,
  ].join('\n');
  const button =
    c.action && data.link
      ? `<p><a href="${escapeHtml(data.link)}" style="display:inline-block;background:#0b5cad;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none">${escapeHtml(c.action)}</a></p><p style="font-size:13px;color:#444">${escapeHtml(data.link)}</p>`
      : '';
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:560px;margin:auto;padding:16px">${c.lines
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('')}${button}<p style="color:#444">— ${escapeHtml(data.organization)}</p></body></html>`;
  return { subject: c.subject, text, html };
}
