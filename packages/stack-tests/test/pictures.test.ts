import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { api } from '../src/api';
import { storedPictures, testPicture } from '../src/pictures';
import { ADMIN, createProduct, newShopper } from '../src/shop';
import { GATEWAY } from '../src/stack';

/**
 * Product pictures through the public gateway: the demo catalog's drawings, an admin's upload
 * (checked, re-encoded, stored through the `images` binding, served for good), and every way an
 * upload is refused, each leaving nothing stored and the product as it was.
 */

/** A picture as the gateway serves it: status, headers and bytes. */
async function picture(path: string) {
  const res = await fetch(`${GATEWAY}${path}`);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const upload = (productId: string, body: unknown, who = ADMIN) =>
  api('PUT', `/products/${productId}/picture`, who, body);

describe('product pictures', () => {
  it('every demo product shows a drawing the shop serves itself, cached for good', async () => {
    const page = await api('GET', '/products?category=books&limit=50');
    expect(page.status).toBe(200);
    const items = page.body.items.filter((p: { sku: string }) => p.sku.startsWith('SC-'));
    expect(items.length).toBeGreaterThan(10);
    for (const item of items)
      expect(item.images).toEqual([expect.stringMatching(/^\/api\/v1\/images\/[a-f0-9]{16}\.svg$/)]);
    const first = await picture(items[0].images[0]);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/svg+xml');
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // A drawing, not a placeholder: it renders to a picture of its own size.
    const meta = await sharp(first.bytes).metadata();
    expect(meta).toMatchObject({ format: 'svg', width: 400, height: 400 });
  });

  it('an admin uploads a PNG: it is re-encoded to WebP in three widths without its metadata, and served', async () => {
    const product = await createProduct(1);
    const original = await testPicture('png', 1200, 900);
    const res = await upload(product.id, { contentType: 'image/png', data: original.toString('base64') });
    expect(res.status).toBe(200);
    const main = res.body.images[0] as string;
    expect(main).toMatch(/^\/api\/v1\/images\/[a-f0-9]{16}-960\.webp$/);
    for (const width of [320, 640, 960]) {
      const served = await picture(main.replace(/-960\.webp$/, `-${width}.webp`));
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const meta = await sharp(served.bytes).metadata();
      expect(meta).toMatchObject({ format: 'webp', width, height: (width * 3) / 4 });
      expect(meta.exif).toBeUndefined();
    }
    // The catalog shows it to everyone.
    expect((await api('GET', `/products/${product.id}`, newShopper())).body.images).toEqual([main]);
  });

  it('a picture that is not one, of another type, too large, or from a shopper is refused, and nothing is stored', async () => {
    const product = await createProduct(1);
    const before = storedPictures();
    const jpeg = await testPicture('jpeg', 400, 300);
    const refusals: [string, unknown, number, string][] = [
      ['a GIF', { contentType: 'image/gif', data: jpeg.toString('base64') }, 400, 'contentType'],
      [
        'an SVG',
        { contentType: 'image/svg+xml', data: Buffer.from('<svg/>').toString('base64') },
        400,
        'contentType',
      ],
      [
        'a JPEG said to be a PNG',
        { contentType: 'image/png', data: jpeg.toString('base64') },
        400,
        'contentType',
      ],
      [
        'bytes that are no picture',
        { contentType: 'image/png', data: randomBytes(4000).toString('base64') },
        400,
        'data',
      ],
      [
        'a JPEG cut in half',
        { contentType: 'image/jpeg', data: jpeg.subarray(0, jpeg.length / 2).toString('base64') },
        400,
        'data',
      ],
      ['no base64', { contentType: 'image/jpeg', data: 'not base64!' }, 400, 'data'],
      [
        'more than 2 MB',
        {
          contentType: 'image/jpeg',
          data: Buffer.concat([jpeg, randomBytes(2 * 1024 * 1024)]).toString('base64'),
        },
        400,
        'data',
      ],
    ];
    for (const [what, body, status, field] of refusals) {
      const res = await upload(product.id, body);
      expect({ what, status: res.status, type: res.headers.get('content-type') }).toEqual({
        what,
        status,
        type: expect.stringContaining('application/problem+json'),
      });
      expect({ what, paths: res.body.errors.map((e: { path: string }) => e.path) }).toEqual({
        what,
        paths: [field],
      });
    }
    // A body past the gateway's limit for this route (4 MB) is refused by its size.
    const huge = await upload(product.id, { contentType: 'image/jpeg', data: 'A'.repeat(5 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
    // Only admins.
    const shopper = await upload(
      product.id,
      { contentType: 'image/jpeg', data: jpeg.toString('base64') },
      newShopper(),
    );
    expect(shopper.status).toBe(403);

    expect(storedPictures()).toEqual(before);
    expect((await api('GET', `/products/${product.id}`, ADMIN)).body.images).toEqual([]);
  });

  it('a picture name that is not one is a 400; one that names no picture is a 404', async () => {
    const bad = await api('GET', '/images/..%2Fsecrets.json');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['name']);
    const missing = await api('GET', '/images/0123456789abcdef-640.webp');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });
});
