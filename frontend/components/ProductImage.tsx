import { pictureSources } from '@sidecart/contracts';
import { Picture } from './Picture';

/** How wide a picture is shown: a card in the grid (about 13-20rem), or half the product page. */
const SIZES = {
  card: '(max-width: 640px) 100vw, 20rem',
  page: '(max-width: 640px) 100vw, 50vw',
};

/**
 * A product's picture. The shop's own pictures (`/api/v1/images/...`, served here by
 * app/api/v1/images) come in several widths, offered with `srcset` so a phone fetches the small
 * one; an admin may also link a picture from anywhere. A server component: the browser gets only
 * `Picture`, with the sources worked out here.
 */
export function ProductImage({
  src,
  name,
  size = 'card',
  priority = size === 'page',
}: {
  src: string | undefined;
  name: string;
  size?: keyof typeof SIZES;
  /**
   * Fetched at once, not when layout reaches it: the product page's picture and the
   * first cards of a listing, one of which is what a phone paints largest (Lighthouse's largest
   * contentful paint). Lazy loading made that wait for layout.
   */
  priority?: boolean;
}) {
  const srcSet = src ? pictureSources(src).srcSet : undefined;
  return (
    <Picture
      src={src}
      srcSet={srcSet}
      sizes={srcSet ? SIZES[size] : undefined}
      name={name}
      priority={priority}
    />
  );
}
