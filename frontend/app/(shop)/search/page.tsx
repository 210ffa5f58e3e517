import { SearchPage, searchMetadata } from '@/components/pages/SearchPage';
import { pickSearchParams } from '@/lib/page-cache.mjs';
import { shopperLocale } from '@/lib/shopper';

export const metadata = searchMetadata;

/** Search and category listing. Every filter lives in the URL, so a result page can be shared. */
export default async function Search({ searchParams }: { searchParams: Promise<Record<string, unknown>> }) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams))
    if (typeof value === 'string') query.set(name, value);
  return <SearchPage params={pickSearchParams(query)} locale={await shopperLocale()} />;
}
