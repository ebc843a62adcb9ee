/**
 * How each demo customer chose to hear about their cases, from their id alone (deterministic):
 * most by e-mail, one in ten by SMS, one in ten by both, one in twenty not at all (no consent).
 */
export function demoNotifyVia(customerId: string): 'email' | 'sms' | 'email_and_sms' | 'none' {
  const serial = Number(customerId.replace(/\D/g, '')) || 0;
  if (serial % 20 === 7) return 'none';
  if (serial % 10 === 3) return 'sms';
  if (serial % 10 === 6) return 'email_and_sms';
  return 'email';
}
