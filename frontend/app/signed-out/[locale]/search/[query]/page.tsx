import { SearchPage, searchMetadata } from '@/components/pages/SearchPage';
import { fromSearchKey } from '@/lib/page-cache.mjs';
import { cachedLocale } from '@/lib/signed-out';

// Search and category pages for signed-out shoppers, from the page cache (bound:
// app/signed-out/layout.tsx), one entry per filter set: server.mjs turns the query string into the
// `query` segment (lib/page-cache.mjs, searchKey).
export const dynamic = 'force-static';
export const revalidate = 30;
export const generateStaticParams = () => [];
export const metadata = searchMetadata;

type Props = { params: Promise<{ locale: string; query: string }> };

export default async function Search({ params }: Props) {
  const { locale, query } = await params;
  return <SearchPage params={fromSearchKey(query)} locale={cachedLocale(locale)} />;
}
