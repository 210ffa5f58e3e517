import { z } from 'zod';

/**
 * Product pictures. The product service stores them through its Dapr output binding `images`
 * and serves them under one public path, by a name made of a hash of their content, so an
 * address never changes what it shows and may be cached for good (docs/architecture.md,
 * "Product pictures").
 */
export const PICTURE_PATH = '/api/v1/images/';

/** Widths every uploaded picture is re-encoded to (WebP), for `srcset`. */
export const PICTURE_WIDTHS = [320, 640, 960] as const;

/** The largest upload, in bytes of the picture itself (the body carries it base64-encoded). */
export const PICTURE_MAX_BYTES = 2 * 1024 * 1024;

/** What an admin may upload; anything else is refused before it is decoded. */
export const PictureType = z.enum(['image/jpeg', 'image/png', 'image/webp']);

/**
 * A stored picture's name: 16 hex digits of its content hash, and for the WebP widths of an
 * upload the width (`<hash>-<width>.webp`); the demo catalog's drawings are `<hash>.svg`.
 */
export const PictureName = z
  .string()
  .max(40)
  .regex(
    /^[a-f0-9]{16}(?:-[0-9]{2,4}\.webp|\.svg)$/,
    'must be a picture name (<hash>-<width>.webp or <hash>.svg)',
  );
export const PictureParams = z.strictObject({ name: PictureName });

/** A picture's public address: the gateway's path, served by the storefront under the same path. */
export const picturePath = (name: string) => `${PICTURE_PATH}${name}`;

/** Where a product picture may point: a stored picture, or any absolute URL an admin gives. */
export const PictureUrl = z
  .union([
    z
      .string()
      .max(60)
      .regex(/^\/api\/v1\/images\/[a-f0-9]{16}(?:-[0-9]{2,4}\.webp|\.svg)$/, 'must be a picture path'),
    z.url().max(2000),
  ])
  // The document's bound on the whole (each branch has its own).
  .meta({ maxLength: 2000 });

const base64Limit = Math.ceil(PICTURE_MAX_BYTES / 3) * 4;

/** `PUT /products/{id}/picture`: the product's main picture, base64 in JSON. */
export const PictureUpload = z.strictObject({
  contentType: PictureType,
  data: z
    .string()
    .min(1, 'must not be empty')
    .max(base64Limit, `must be at most ${PICTURE_MAX_BYTES / (1024 * 1024)} MB once decoded`)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
});
export type PictureUpload = z.infer<typeof PictureUpload>;

/**
 * `src`, `srcSet` and the widths of a product picture. An uploaded picture's address names its
 * largest width; the others sit beside it. A drawing (SVG) or a picture elsewhere has one source.
 */
export function pictureSources(url: string): { src: string; srcSet?: string } {
  const match = /^(\/api\/v1\/images\/[a-f0-9]{16})-[0-9]{2,4}\.webp$/.exec(url);
  if (!match) return { src: url };
  return {
    src: url,
    srcSet: PICTURE_WIDTHS.map((w) => `${match[1]}-${w}.webp ${w}w`).join(', '),
  };
}
