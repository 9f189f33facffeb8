import type { Messages } from '../../app/i18n/translate';

export const en = {
  'landing.title': 'Your care, together',
  'landing.lead':
    'Welcome to {tenant}. Accompany keeps you and your care team connected, simply and privately.',
  'landing.signIn': 'Sign in',
  'landing.createAccount': 'Create account',
  'landing.featuresTitle': 'What you can do',
  'landing.feature1Title': 'Know who looked at your record',
  'landing.feature1Body': 'Every time someone opens your information, it is logged, and you can see it.',
  'landing.feature2Title': 'Keep your account safe',
  'landing.feature2Body': 'Protect your sign-in with two-factor authentication or a passkey.',
  'landing.feature3Title': 'More on the way',
  'landing.feature3Body': 'Appointments, your health record, messages and bills are coming soon.',
  'landing.payByCode': 'Pay a bill with the code on your statement, without an account',
  'landing.staff': 'Work here? Sign in with the account your administrator invited you to.',
};

export const es: Messages<typeof en> = {
  'landing.title': 'Su atención, en compañía',
  'landing.lead':
    'Le damos la bienvenida a {tenant}. Accompany le mantiene en contacto con su equipo de atención, de forma sencilla y privada.',
  'landing.signIn': 'Iniciar sesión',
  'landing.createAccount': 'Crear cuenta',
  'landing.featuresTitle': 'Qué puede hacer',
  'landing.feature1Title': 'Sepa quién consultó su historial',
  'landing.feature1Body': 'Cada vez que alguien abre su información queda registrado, y usted puede verlo.',
  'landing.feature2Title': 'Mantenga su cuenta segura',
  'landing.feature2Body': 'Proteja su acceso con verificación en dos pasos o con una llave de acceso.',
  'landing.feature3Title': 'Y pronto, más',
  'landing.feature3Body': 'Citas, su historial de salud, mensajes y facturas llegarán pronto.',
  'landing.payByCode': 'Pague una factura con el código de su estado de cuenta, sin cuenta',
  'landing.staff': '¿Trabaja aquí? Inicie sesión con la cuenta a la que le invitó su administrador.',
};
