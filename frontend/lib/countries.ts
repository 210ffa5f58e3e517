/** Countries the shop ships to (ISO 3166-1 alpha-2), as the address forms offer them. */
export const COUNTRIES: [code: string, name: string][] = [
  ['AT', 'Austria'],
  ['BE', 'Belgium'],
  ['CH', 'Switzerland'],
  ['DE', 'Germany'],
  ['DK', 'Denmark'],
  ['ES', 'Spain'],
  ['FI', 'Finland'],
  ['FR', 'France'],
  ['GB', 'United Kingdom'],
  ['IE', 'Ireland'],
  ['IT', 'Italy'],
  ['NL', 'Netherlands'],
  ['NO', 'Norway'],
  ['PL', 'Poland'],
  ['PT', 'Portugal'],
  ['SE', 'Sweden'],
  ['US', 'United States'],
];

/** A country's name from the shop's list; an address saved before a country left the list keeps its code. */
export const countryName = (code: string) => COUNTRIES.find(([c]) => c === code)?.[1] ?? code;
