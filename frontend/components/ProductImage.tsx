'use client';
import { useEffect, useRef, useState } from 'react';

/**
 * A product's picture. Shops link images from anywhere; when one cannot be loaded the
 * shopper sees the product's initial instead of a broken-image icon.
 */
export function ProductImage({ src, name }: { src: string | undefined; name: string }) {
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
  // A plain <img>: product images come from whatever host the shop uses, not a configured list.
  return (
    <img
      ref={img}
      className="product-image"
      src={src}
      alt={name}
      loading="lazy"
      onError={() => setFailed(true)}
    />
  );
}
