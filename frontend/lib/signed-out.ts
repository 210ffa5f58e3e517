import { notFound } from 'next/navigation';
import { SIGNED_OUT_LOCALE } from './page-cache.mjs';

/** The cached pages' `[locale]` segment: server.mjs only ever asks for SIGNED_OUT_LOCALE. */
export function cachedLocale(segment: string): string {
  if (segment !== SIGNED_OUT_LOCALE) notFound();
  return segment;
}
