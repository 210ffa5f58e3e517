import type {} from 'pino-http'; // types req.log
import { Router } from 'express';
import { PictureParams, PictureUpload, picturePath, ProductIdParams } from '@sidecart/contracts';
import { notFound, parseBody, parseParams, problem, requireAdmin } from '@sidecart/service-kit';
import { encodePicture } from '../domain/picture-encoding';
import { pictureContentType } from '../domain/pictures';
import type { PictureStore } from '../store/pictures';
import { toProduct, type ProductStore } from '../store/products';

/** A year, and never revalidated: a name is a hash of its content, so its bytes never change. */
const FOREVER = 'public, max-age=31536000, immutable';

/** `GET /images/<name>`: a stored picture, as the gateway serves it under /api/v1/images/. */
export function imageRoutes(pictures: PictureStore): Router {
  const router = Router();
  router.get('/:name', async (req, res) => {
    const { name } = parseParams(PictureParams, req);
    const bytes = await pictures.get(name);
    if (!bytes) throw notFound('Picture');
    res
      .set({
        'content-type': pictureContentType(name),
        'cache-control': FOREVER,
        // A drawing is an SVG document: it may style itself, nothing more (no script, no fetch).
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        'x-content-type-options': 'nosniff',
      })
      .send(bytes);
  });
  return router;
}

/**
 * `PUT /products/<id>/picture` (admins): a new main picture for the product. It is checked and
 * re-encoded (domain/picture-encoding.ts) before anything is stored, so a refused upload leaves
 * nothing behind; then its widths are stored and the product's first picture points at them.
 */
export function productPictureRoutes(store: ProductStore, pictures: PictureStore): Router {
  const router = Router();
  router.put('/:id/picture', async (req, res) => {
    const admin = requireAdmin(req);
    const { id } = parseParams(ProductIdParams, req);
    const upload = parseBody(PictureUpload, req);
    const doc = await store.findById(id);
    if (!doc) throw notFound('Product');
    const result = await encodePicture(upload);
    if ('refused' in result) {
      throw problem(400, 'The picture was refused', { errors: [result.refused] });
    }
    for (const picture of result.pictures) await pictures.put(picture.name, picture.bytes, 'image/webp');
    const largest = result.pictures.at(-1)!;
    const updated = await store.update(
      id,
      { images: [picturePath(largest.name), ...doc.images.slice(1)] },
      admin.userId,
    );
    if (!updated) throw notFound('Product');
    req.log.info({ productId: id, picture: largest.name }, 'product picture stored');
    res.json(toProduct(updated));
  });
  return router;
}
