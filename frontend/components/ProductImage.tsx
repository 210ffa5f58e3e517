'use client';
import { useEffect, useRef, useState } from 'react';
import { pictureSources } from '@sidecart/contracts';

/** How wide a picture is shown: a card in the grid (about 13-20rem), or half the product page. */
const SIZES = {
  card: '(max-width: 640px) 100vw, 20rem',
  page: '(max-width: 640px) 100vw, 50vw',
};

/**
 * A product's picture. The shop's own pictures (`/api/v1/images/...`, served here by
 * app/api/v1/images) come in several widths, offered with `srcset` so a phone fetches the small
 * one; an admin may also link a picture from anywhere. When one cannot be loaded the shopper sees
 * the product's initial instead of a broken-image icon.
 */
export function ProductImage({
  src,
  name,
  size = 'card',
}: {
  src: string | undefined;
  name: string;
  size?: keyof typeof SIZES;
}) {
  const [failed, setFailed] = useState(!src);
  const img = useRef<HTMLImageElement>(null);
  // A cached page arrives whole and fast: a picture can fail before React hydrates and listens
  // for `error`, so a picture that already failed is noticed here.
  useEffect(() => {
    const el = img.current;
    if (el?.complete && el.naturalWidth === 0) setFailed(true);
  }, []);
  if (failed || !src) {
    return (
      <div className="image-placeholder" role="img" aria-label={name}>
        <span aria-hidden="true">{name.trim().charAt(0).toUpperCase()}</span>
      </div>
    );
  }
  // A plain <img>: the pictures are already sized and cached for good (content-hashed names), and
  // an admin's link may point at any host, not a configured list (next/image needs one).
  const { srcSet } = pictureSources(src);
  return (
    <img
      ref={img}
      className="product-image"
      src={src}
      srcSet={srcSet}
      sizes={srcSet ? SIZES[size] : undefined}
      width={400}
      height={300}
      alt={name}
      loading={size === 'page' ? 'eager' : 'lazy'}
      onError={() => setFailed(true)}
    />
  );
}
