/** The billing module's job queues. */
export const PAYMENT_SUBMIT_QUEUE = 'billing.payment.submit';
export const PAYMENT_RECONCILE_QUEUE = 'billing.payment.reconcile';
export const REFUND_QUEUE = 'billing.refund';
export const STATEMENTS_QUEUE = 'billing.statements.generate';
export const PLANS_QUEUE = 'billing.plans.run';
export const AUTOPAY_CHARGE_QUEUE = 'billing.autopay.charge';
