/**
 * The payer's e-mail as MyPay accepts it (its EMAIL_PATTERN for the local part), plus a dotted domain: receipts
 * and notices are mailed there, and "mario@localhost" or "mario.rossi@" would only bounce.
 */
const EMAIL_PATTERN = /^[A-Za-z0-9_!#$%&'*+/=?`{|}~^-]+(?:\.[A-Za-z0-9_!#$%&'*+/=?`{|}~^-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
export const EMAIL_MAX_LENGTH = 256;

export const isValidEmail = (value: string): boolean => value.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(value);
