import { HomePage } from '@/components/pages/HomePage';
import { shopperLocale } from '@/lib/shopper';

export default async function Home() {
  return <HomePage locale={await shopperLocale()} />;
}
