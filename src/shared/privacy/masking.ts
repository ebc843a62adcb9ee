/**
 * The masked forms of a customer's contact details and account numbers: the one place that says
 * what an agent without the reveal permission sees, used by the case service before an answer
 * leaves it and by the console when it shows a value. Each keeps what a person needs to recognise
 * the value (the last 4 digits, the first letter and domain of an address) and nothing to copy.
 */

/** `••• ••• 8801`: the phone ending an agent reads out and can type into search. */
export function maskPhoneEnding(last4: string): string {
  return `••• ••• ${last4}`;
}

export function maskPhone(phone: string): string {
  return maskPhoneEnding(phone.replace(/\D/g, '').slice(-4));
}

/** `r•••@example.com` */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const local = at > 0 ? email.slice(0, at) : '';
  const domain = at >= 0 ? email.slice(at + 1) : '';
  return `${local.slice(0, 1)}•••@${domain}`;
}

/** `••••1234`: the only form of an account number that crosses a boundary. */
export function maskAccountNumber(accountNumber: string): string {
  const digits = accountNumber.replace(/\D/g, '');
  if (digits.length < 8) throw new Error('an account number has at least 8 digits');
  return `••••${digits.slice(-4)}`;
}

export const MASKED_PHONE_PATTERN = /^••• ••• \d{4}$/;
export const MASKED_EMAIL_PATTERN = /^[^\s@•]?•••@[^\s@]+$/;

export function isMaskedPhone(value: string): boolean {
  return MASKED_PHONE_PATTERN.test(value);
}

export function isMaskedEmail(value: string): boolean {
  return MASKED_EMAIL_PATTERN.test(value);
}
