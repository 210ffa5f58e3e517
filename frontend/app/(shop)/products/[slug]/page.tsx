import { ProductPage, productMetadata } from '@/components/pages/ProductPage';
import { shopperLocale } from '@/lib/shopper';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props) {
  return productMetadata((await params).slug);
}

export default async function Product({ params }: Props) {
  return <ProductPage slug={(await params).slug} locale={await shopperLocale()} />;
}
