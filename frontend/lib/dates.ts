/** A timestamp as the shopper reads it, in their language. */
export const formatDateTime = (iso: string, locale = 'en') =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(iso),
  ) + ' UTC';

/** An order's id as people quote it: one definition for the storefront and the emails. */
export { shortOrderId } from '@sidecart/contracts';
