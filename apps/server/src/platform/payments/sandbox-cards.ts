/**
 * Test card numbers of the built-in sandbox gateway, in the spirit of the well-known
 * gateway test cards: each number stands for one outcome, so every path can be tried.
 */
export type SandboxBehaviour =
  'success' | 'declined' | 'insufficient_funds' | 'expired_card' | 'processing_error' | 'timeout' | 'async';

export const sandboxCards: Record<string, SandboxBehaviour> = {
  '4242424242424242': 'success',
  '5555555555554444': 'success',
  '4000000000000002': 'declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
  '4000000000000119': 'processing_error',
  // Charged at the gateway, but the answer never reaches us: the reconciliation path.
  '4000000000000408': 'timeout',
  // Accepted now, confirmed a moment later by an event (like a bank that settles later).
  '4000000000003220': 'async',
};

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function brandOf(number: string): string {
  if (number.startsWith('4')) return 'Visa';
  if (/^5[1-5]/.test(number)) return 'Mastercard';
  if (/^3[47]/.test(number)) return 'American Express';
  return 'Card';
}
