import type { Messages } from '../../app/i18n/translate';

export const en = {
  'auth.email': 'Email',
  'auth.password': 'Password',
  'auth.newPassword': 'New password',
  'auth.passwordHint': 'At least 10 characters. A short sentence you will remember works well.',
  'auth.givenName': 'First name',
  'auth.familyName': 'Last name',
  'auth.birthDate': 'Date of birth',
  'auth.birthDateHint': 'We use it to match you with your health record.',
  'auth.backToSignIn': 'Back to sign in',
  'auth.missingToken': 'This link is incomplete. Open the link from your email again, or ask for a new one.',

  'auth.signIn.title': 'Sign in',
  'auth.signIn.lead': 'Welcome back. Sign in to see your care information.',
  'auth.signIn.submit': 'Sign in',
  'auth.signIn.busy': 'Signing in…',
  'auth.signIn.forgot': 'Forgot your password?',
  'auth.signIn.newHere': 'New here?',
  'auth.signIn.createAccount': 'Create account',
  'auth.signIn.or': 'or',
  'auth.passkey.button': 'Sign in with a passkey',
  'auth.passkey.busy': 'Waiting for your passkey…',
  'auth.passkey.cancelled':
    'Passkey sign-in was cancelled or timed out. You can try again or use your password.',
  'auth.totp.title': 'Two-step verification',
  'auth.totp.lead':
    'Open your authenticator app and enter the 6-digit code for Accompany. No phone with you? Enter one of your recovery codes.',
  'auth.totp.code': 'Verification code',
  'auth.totp.submit': 'Verify',
  'auth.totp.busy': 'Verifying…',
  'auth.totp.startOver': 'Use a different account',
  'auth.unverified.resend': 'Resend verification email',
  'auth.unverified.sent':
    'If this account still needs confirming, we have sent a new link. Check your inbox.',

  'auth.signUp.title': 'Create your account',
  'auth.signUp.lead': 'It takes a minute. We will email you to confirm it is really you.',
  'auth.signUp.submit': 'Create account',
  'auth.signUp.busy': 'Creating your account…',
  'auth.signUp.haveAccount': 'Already have an account?',
  'auth.signUp.signIn': 'Sign in',
  'auth.signUp.privacy':
    'We only use your details to provide your care. You can see everyone who opens your record.',
  'auth.signUp.sentTitle': 'Check your email',
  'auth.signUp.sentBody': 'We sent a link to {email}. Open it to confirm your address, then sign in.',
  'auth.signUp.sentHelp': 'Nothing arrived after a few minutes? Check your spam folder, or send it again.',
  'auth.signUp.resend': 'Send the email again',
  'auth.signUp.resent': 'Sent again. The newest link is the one that works.',

  'auth.verify.title': 'Confirm your email',
  'auth.verify.busy': 'Confirming your email address…',
  'auth.verify.doneTitle': 'Email confirmed',
  'auth.verify.doneBody': 'Thank you. Your email address is confirmed and you can now sign in.',
  'auth.verify.signIn': 'Sign in',
  'auth.verify.newLink': 'Need a new link? Enter your email and we will send one.',
  'auth.verify.sendNew': 'Send a new link',

  'auth.forgot.title': 'Reset your password',
  'auth.forgot.lead':
    'Enter the email you use for Accompany and we will send you a link to choose a new password.',
  'auth.forgot.submit': 'Send reset link',
  'auth.forgot.busy': 'Sending…',
  'auth.forgot.sent':
    'If an account exists for {email}, we have sent a link to reset its password. The link expires soon, so use it today.',

  'auth.reset.title': 'Choose a new password',
  'auth.reset.lead': 'Pick a password you do not use anywhere else.',
  'auth.reset.submit': 'Reset password',
  'auth.reset.busy': 'Saving…',
  'auth.reset.done': 'Your password has been changed. Please sign in with your new password.',

  'auth.invite.title': 'Accept your invitation',
  'auth.invite.lead': 'Hello {name}. You have been invited to join {tenant} as {role}.',
  'auth.invite.choose': 'Choose a password to finish setting up your account.',
  'auth.invite.submit': 'Accept invitation',
  'auth.invite.busy': 'Setting up your account…',
  'auth.invite.done': 'Your account is ready. Sign in, then set up two-factor authentication.',
};

export const es: Messages<typeof en> = {
  'auth.email': 'Correo electrónico',
  'auth.password': 'Contraseña',
  'auth.newPassword': 'Nueva contraseña',
  'auth.passwordHint': 'Al menos 10 caracteres. Una frase corta que pueda recordar funciona bien.',
  'auth.givenName': 'Nombre',
  'auth.familyName': 'Apellidos',
  'auth.birthDate': 'Fecha de nacimiento',
  'auth.birthDateHint': 'La usamos para asociarle con su historial de salud.',
  'auth.backToSignIn': 'Volver a iniciar sesión',
  'auth.missingToken': 'Este enlace está incompleto. Vuelva a abrir el enlace de su correo o pida uno nuevo.',

  'auth.signIn.title': 'Iniciar sesión',
  'auth.signIn.lead': 'Le damos la bienvenida de nuevo. Inicie sesión para ver su información de atención.',
  'auth.signIn.submit': 'Iniciar sesión',
  'auth.signIn.busy': 'Iniciando sesión…',
  'auth.signIn.forgot': '¿Olvidó su contraseña?',
  'auth.signIn.newHere': '¿Es nuevo aquí?',
  'auth.signIn.createAccount': 'Crear cuenta',
  'auth.signIn.or': 'o',
  'auth.passkey.button': 'Iniciar sesión con una llave de acceso',
  'auth.passkey.busy': 'Esperando su llave de acceso…',
  'auth.passkey.cancelled':
    'Se canceló o agotó el tiempo del inicio con llave de acceso. Puede intentarlo de nuevo o usar su contraseña.',
  'auth.totp.title': 'Verificación en dos pasos',
  'auth.totp.lead':
    'Abra su aplicación de autenticación e introduzca el código de 6 dígitos de Accompany. ¿No tiene el teléfono? Introduzca uno de sus códigos de recuperación.',
  'auth.totp.code': 'Código de verificación',
  'auth.totp.submit': 'Verificar',
  'auth.totp.busy': 'Verificando…',
  'auth.totp.startOver': 'Usar otra cuenta',
  'auth.unverified.resend': 'Reenviar el correo de verificación',
  'auth.unverified.sent':
    'Si esta cuenta aún no está confirmada, le hemos enviado un enlace nuevo. Revise su correo.',

  'auth.signUp.title': 'Cree su cuenta',
  'auth.signUp.lead': 'Solo lleva un minuto. Le enviaremos un correo para confirmar que es usted.',
  'auth.signUp.submit': 'Crear cuenta',
  'auth.signUp.busy': 'Creando su cuenta…',
  'auth.signUp.haveAccount': '¿Ya tiene una cuenta?',
  'auth.signUp.signIn': 'Iniciar sesión',
  'auth.signUp.privacy':
    'Solo usamos sus datos para atenderle. Puede ver a todas las personas que abren su historial.',
  'auth.signUp.sentTitle': 'Revise su correo',
  'auth.signUp.sentBody':
    'Enviamos un enlace a {email}. Ábralo para confirmar su dirección y después inicie sesión.',
  'auth.signUp.sentHelp': '¿No llegó nada en unos minutos? Revise la carpeta de spam o envíelo de nuevo.',
  'auth.signUp.resend': 'Enviar el correo de nuevo',
  'auth.signUp.resent': 'Enviado de nuevo. Solo funciona el enlace más reciente.',

  'auth.verify.title': 'Confirme su correo',
  'auth.verify.busy': 'Confirmando su correo electrónico…',
  'auth.verify.doneTitle': 'Correo confirmado',
  'auth.verify.doneBody': 'Gracias. Su correo electrónico está confirmado y ya puede iniciar sesión.',
  'auth.verify.signIn': 'Iniciar sesión',
  'auth.verify.newLink': '¿Necesita un enlace nuevo? Introduzca su correo y le enviaremos uno.',
  'auth.verify.sendNew': 'Enviar un enlace nuevo',

  'auth.forgot.title': 'Restablezca su contraseña',
  'auth.forgot.lead':
    'Introduzca el correo que usa en Accompany y le enviaremos un enlace para elegir una nueva contraseña.',
  'auth.forgot.submit': 'Enviar enlace',
  'auth.forgot.busy': 'Enviando…',
  'auth.forgot.sent':
    'Si existe una cuenta para {email}, le hemos enviado un enlace para restablecer la contraseña. Caduca pronto: úselo hoy.',

  'auth.reset.title': 'Elija una nueva contraseña',
  'auth.reset.lead': 'Elija una contraseña que no use en ningún otro sitio.',
  'auth.reset.submit': 'Restablecer contraseña',
  'auth.reset.busy': 'Guardando…',
  'auth.reset.done': 'Su contraseña se ha cambiado. Inicie sesión con la nueva contraseña.',

  'auth.invite.title': 'Acepte su invitación',
  'auth.invite.lead': 'Hola, {name}. Le han invitado a unirse a {tenant} con el rol {role}.',
  'auth.invite.choose': 'Elija una contraseña para terminar de configurar su cuenta.',
  'auth.invite.submit': 'Aceptar invitación',
  'auth.invite.busy': 'Configurando su cuenta…',
  'auth.invite.done': 'Su cuenta está lista. Inicie sesión y configure la verificación en dos pasos.',
};
