import sharp from 'sharp';
import { PICTURE_MAX_BYTES, PICTURE_WIDTHS, type PictureUpload } from '@sidecart/contracts';
import { contentName } from './pictures';

/** The format sharp reads for each type an admin may declare. */
const FORMATS: Record<PictureUpload['contentType'], string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** A picture too large to hold in memory is refused before it is decoded (40 megapixels). */
const MAX_PIXELS = 40_000_000;

export type EncodedPicture = { name: string; width: number; bytes: Buffer };
export type PictureRefusal = { path: 'data' | 'contentType'; message: string };

/**
 * Checks an upload and re-encodes it with sharp (libvips): the declared type must be what the
 * bytes hold, and the picture must decode whole. What is stored is never the upload itself but
 * new WebP files at each of PICTURE_WIDTHS (never wider than the original), turned upright by its
 * EXIF orientation and without its metadata (camera, place). Their names share one hash of the
 * new bytes: `<hash>-<width>.webp`.
 */
export async function encodePicture(
  upload: PictureUpload,
): Promise<{ pictures: EncodedPicture[] } | { refused: PictureRefusal }> {
  const bytes = Buffer.from(upload.data, 'base64');
  if (bytes.length === 0) return { refused: { path: 'data', message: 'must not be empty' } };
  if (bytes.length > PICTURE_MAX_BYTES) {
    return { refused: { path: 'data', message: `must be at most ${PICTURE_MAX_BYTES / (1024 * 1024)} MB` } };
  }
  const options = { limitInputPixels: MAX_PIXELS, failOn: 'error' as const };
  let format: string | undefined;
  try {
    ({ format } = await sharp(bytes, options).metadata());
  } catch {
    return { refused: { path: 'data', message: `is not a picture sharp can read as ${upload.contentType}` } };
  }
  if (format !== FORMATS[upload.contentType]) {
    return {
      refused: {
        path: 'contentType',
        message: `says ${upload.contentType}, but the data is ${format ? `a ${format} picture` : 'no picture'}`,
      },
    };
  }
  let encoded: Buffer[];
  try {
    encoded = await Promise.all(
      PICTURE_WIDTHS.map((width) =>
        sharp(bytes, options)
          .rotate()
          .resize({ width, height: width, fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer(),
      ),
    );
  } catch {
    return { refused: { path: 'data', message: `is a damaged ${format} picture` } };
  }
  const hash = contentName(Buffer.concat(encoded), '');
  return {
    pictures: encoded.map((out, i) => ({
      name: `${hash}-${PICTURE_WIDTHS[i]}.webp`,
      width: PICTURE_WIDTHS[i]!,
      bytes: out,
    })),
  };
}
