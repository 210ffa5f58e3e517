import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../src';

const Schema = z.strictObject({ createdAt: z.iso.datetime(), id: z.uuid() });
const refused = expect.objectContaining({
  status: 400,
  errors: [{ path: 'cursor', message: 'is not a cursor of this list' }],
});

describe('cursor codec', () => {
  it('round-trips a value its list made', () => {
    const value = { createdAt: '2026-01-02T03:04:05.678Z', id: '0190d3f2-1c2b-7cde-8f00-0123456789ab' };
    const text = encodeCursor(value);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(Schema, text)).toEqual(value);
    expect(decodeCursor(Schema, undefined)).toBeUndefined();
  });

  it('refuses a forged, malformed or foreign cursor with a 400 naming cursor', () => {
    for (const text of [
      encodeCursor({ createdAt: 'x', id: 'y' }),
      encodeCursor({ createdAt: '2026-01-02T03:04:05Z', id: '0190d3f2-1c2b-7cde-8f00-0123456789ab', x: 1 }),
      encodeCursor(['price_asc', 1, 'x']),
      'not base64!',
      Buffer.from('{"createdAt":').toString('base64url'),
    ]) {
      expect(() => decodeCursor(Schema, text)).toThrow(refused);
    }
  });
});
