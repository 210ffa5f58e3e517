/** A timestamp as the shopper reads it, in their language. */
export const formatDateTime = (iso: string, locale = 'en') =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(iso),
  ) + ' UTC';

/**
 * An order's id as people quote it: the random tail of its uuid v7 (the head is a
 * timestamp that orders placed in the same minute share).
 */
export const shortOrderId = (id: string) => id.slice(-8);
