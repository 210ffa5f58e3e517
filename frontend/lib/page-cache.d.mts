export type SearchParams = Partial<
  Record<'category' | 'cursor' | 'inStock' | 'max' | 'min' | 'q' | 'sort', string>
>;
export const SIGNED_OUT_LOCALE: 'en';
export function signedOutPath(
  method: string | undefined,
  url: string,
  cookie: string | undefined,
): string | null;
export function searchKey(query: URLSearchParams): string;
export function fromSearchKey(key: string): SearchParams;
export function pickSearchParams(query: URLSearchParams): SearchParams;
