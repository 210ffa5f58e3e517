import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { PROFILE, ROOT } from './stack';

/**
 * A picture to upload, made here: a warm backdrop with a mug-like shape, `width` × `height`, in
 * the given format, with EXIF (camera, place) as a phone would write it.
 */
export async function testPicture(
  format: 'jpeg' | 'png' | 'webp',
  width: number,
  height: number,
): Promise<Buffer> {
  const drawing = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 400 300">
      <rect width="400" height="300" fill="#f3d9c4"/>
      <rect x="140" y="80" width="110" height="140" rx="16" fill="#2d6a8f"/>
      <path d="M250 110h18a30 30 0 0 1 0 60h-18" fill="none" stroke="#2d6a8f" stroke-width="14"/>
    </svg>`,
  );
  return sharp(drawing)
    .withExif({ IFD0: { Make: 'Sidecart test camera', Copyright: 'stack tests' } })
    .toFormat(format)
    .toBuffer();
}

/**
 * The profile's stored pictures: the `images` binding's folder (components/images.yaml for the
 * shop, .data/<profile>/images for the others, scripts/profile.mjs).
 */
export const PICTURES_DIR = path.join(ROOT, '.data', ...(PROFILE === 'dev' ? [] : [PROFILE]), 'images');

/** The names of the pictures the profile holds now. */
export const storedPictures = (): string[] =>
  fs.existsSync(PICTURES_DIR) ? fs.readdirSync(PICTURES_DIR).sort() : [];
