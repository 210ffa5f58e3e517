import type { Dapr } from '@sidecart/service-kit';

/** The Dapr output binding that holds product pictures (components/images.yaml). */
export const IMAGES_BINDING = 'images';

/**
 * Product pictures, kept through the `images` output binding: a local folder by default
 * (`bindings.localstorage`), any S3-compatible store by swapping the component's YAML
 * (components/alternatives/images-s3.yaml). Both read `fileName` (localstorage) or `key` (S3)
 * for the object's name, so every call names both; data goes base64-encoded, which both decode
 * (localstorage by itself, S3 told by `decodeBase64`).
 */
export class PictureStore {
  constructor(private readonly dapr: Dapr) {}

  /** Writes a picture under its content-hashed name (writing the same name again is harmless). */
  async put(name: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.dapr.invokeBinding(IMAGES_BINDING, 'create', {
      data: bytes.toString('base64'),
      metadata: { fileName: name, key: name, decodeBase64: 'true', contentType },
    });
  }

  /** The picture's bytes, or null when no picture has that name. */
  async get(name: string): Promise<Buffer | null> {
    try {
      return await this.dapr.invokeBinding(IMAGES_BINDING, 'get', {
        metadata: { fileName: name, key: name },
      });
    } catch (err) {
      // localstorage: "file not found"/"no such file"; S3: NoSuchKey.
      if (/not found|no such file|NoSuchKey|does not exist/i.test((err as Error).message)) return null;
      throw err;
    }
  }
}
