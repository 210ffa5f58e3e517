import { HomePage } from '@/components/pages/HomePage';
import { cachedLocale } from '@/lib/signed-out';

// The home page for signed-out shoppers, from the page cache (bound: app/signed-out/layout.tsx).
// Rendered on first request, never at build time: the catalog lives in the API.
export const dynamic = 'force-static';
export const revalidate = 30;
export const generateStaticParams = () => [];

export default async function Home({ params }: { params: Promise<{ locale: string }> }) {
  return <HomePage locale={cachedLocale((await params).locale)} />;
}
