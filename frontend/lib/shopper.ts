import 'server-only';
import { cache } from 'react';
import type { CustomerProfile } from '@sidecart/contracts';
import { currentUser } from './auth';
import { callApi } from './gateway';

/** The signed-in shopper's profile, read once per request (several components need it). */
export const shopperProfile = cache(async (): Promise<CustomerProfile | null> => {
  const user = await currentUser();
  if (!user) return null;
  try {
    return (await callApi<CustomerProfile>(user, '/me')).body;
  } catch {
    return null;
  }
});

/** The language to format prices and dates in: the shopper's preference, else English. */
export async function shopperLocale(): Promise<string> {
  return (await shopperProfile())?.preferences.language ?? 'en';
}
