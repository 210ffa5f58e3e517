import type { CustomerProfile } from '@sidecart/contracts';

type Preferences = CustomerProfile['preferences'];

/** Typed as records so a currency or language added to the contract fails to compile here. */
const CURRENCY_NAMES: Record<Preferences['currency'], string> = {
  EUR: 'Euro (EUR)',
  USD: 'US dollar (USD)',
  GBP: 'British pound (GBP)',
};

// Each language in its own name: that is how a reader of it looks for it.
const LANGUAGE_NAMES: Record<Preferences['language'], string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  nl: 'Nederlands',
};

export const CURRENCIES = Object.entries(CURRENCY_NAMES);
export const LANGUAGES = Object.entries(LANGUAGE_NAMES);
