import type { MetadataRoute } from 'next';
import { absoluteUrl } from '@/lib/site';

/** `/robots.txt`: the catalog is open to crawlers; accounts, cart, checkout and admin are not. */
export const dynamic = 'force-dynamic';

export default function robots(): MetadataRoute.Robots {
  return {
    rules: {
      userAgent: '*',
      allow: '/',
      disallow: [
        '/admin',
        '/account',
        '/cart',
        '/checkout',
        '/orders',
        '/signin',
        '/signup',
        '/signout',
        '/api/',
      ],
    },
    sitemap: absoluteUrl('/sitemap.xml'),
  };
}
