import { ProductPage, productMetadata } from '@/components/pages/ProductPage';
import { cachedLocale } from '@/lib/signed-out';

// A product page for signed-out shoppers, from the page cache (bound: app/signed-out/layout.tsx),
// one entry per slug, rendered on first request.
export const dynamic = 'force-static';
export const revalidate = 30;
export const generateStaticParams = () => [];

type Props = { params: Promise<{ locale: string; slug: string }> };

export async function generateMetadata({ params }: Props) {
  return productMetadata((await params).slug);
}

export default async function Product({ params }: Props) {
  const { locale, slug } = await params;
  return <ProductPage slug={slug} locale={cachedLocale(locale)} />;
}
