'use client';
import { useEffect, useRef, useState } from 'react';

/**
 * A picture that shows the product's initial instead of a broken-image icon when it cannot be
 * loaded. The only part of a product picture that runs in the browser: its sources are worked out
 * on the server (ProductImage), so the schemas package never reaches the shop's pages (measured:
 * importing one function from it put a 519 KB chunk, zod included, on every page).
 */
export function Picture({
  src,
  srcSet,
  sizes,
  name,
  priority,
}: {
  src: string | undefined;
  srcSet?: string;
  sizes?: string;
  name: string;
  priority: boolean;
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
  return (
    // A plain <img>: the pictures are already sized and cached for good (content-hashed names), and
    // an admin's link may point at any host, not a configured list (next/image needs one).
    <img
      ref={img}
      className="product-image"
      src={src}
      srcSet={srcSet}
      sizes={sizes}
      width={400}
      height={300}
      alt={name}
      // Eager is enough (largest contentful paint 1.6–2.1 s in the bench's Lighthouse runs), so no
      // `fetchPriority`. It was once blamed for a placeholder shown right after an upload; the cause was
      // the gateway serving a product answer fetched before the upload (now dropped on catalog writes).
      loading={priority ? 'eager' : 'lazy'}
      onError={() => setFailed(true)}
    />
  );
}
