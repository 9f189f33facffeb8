import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { audit } from '../../platform/audit/audit.js';
import { gatewayOf } from '../../platform/payments/gateways.js';
import { GatewayRejected, GatewayTimeout } from '../../platform/payments/gateway.js';
import type { Account } from './ledger.repository.js';

/** Keeps a gateway card token on the account (for a plan or autopay); only token, brand and last four. */
export async function saveCard(scope: Scope, platform: Platform, account: Account, cardToken: string) {
  const gateway = gatewayOf(platform);
  const card = await gateway.describeCard(scope.tenant.id, cardToken, scope.tx);
  if (!card) {
    throw new AppError('validation_failed', 'The card could not be read; enter it again', {
      errors: [{ path: 'cardToken', message: 'Unknown card token' }],
    });
  }
  let kept: string;
  try {
    kept = await gateway.keepCard(scope.tenant.id, cardToken);
  } catch (error) {
    if (error instanceof GatewayRejected)
      throw new AppError('validation_failed', 'The card could not be saved; enter it again', {
        errors: [{ path: 'cardToken', message: error.message }],
      });
    if (error instanceof GatewayTimeout)
      throw new AppError('unavailable', 'The payment processor did not answer; try again in a moment');
    throw error;
  }
  const row = await scope.tx
    .insertInto('payment_methods')
    .values({
      tenant_id: scope.tenant.id,
      account_id: account.id,
      gateway: gateway.name,
      gateway_token: kept,
      brand: card.brand,
      last4: card.last4,
      exp_month: card.expMonth,
      exp_year: card.expYear,
    })
    .returning(['id', 'last4'])
    .executeTakeFirstOrThrow();
  await audit(scope, {
    action: 'create',
    objectType: 'PaymentMethod',
    objectId: row.id,
    patientId: account.patientId,
  });
  return { ...row, token: kept };
}

export async function cardOfMethod(scope: Scope, methodId: string) {
  return scope.tx
    .selectFrom('payment_methods')
    .select(['id', 'gateway_token', 'last4', 'brand'])
    .where('id', '=', methodId)
    .executeTakeFirst();
}
