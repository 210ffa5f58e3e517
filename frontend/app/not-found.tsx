import { NotFound } from '@/components/NotFound';
import { SiteChrome } from '@/components/SiteChrome';

// An address no route matches, and a product a signed-out shopper asked for that does not exist
// (the cached pages' notFound()): rendered outside both layouts, so with the signed-out header.
export default function RootNotFound() {
  return (
    <SiteChrome>
      <NotFound />
    </SiteChrome>
  );
}
