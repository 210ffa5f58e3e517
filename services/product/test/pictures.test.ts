import sharp from 'sharp';
import { PICTURE_MAX_BYTES, pictureSources } from '@sidecart/contracts';
import { encodePicture } from '../src/domain/picture-encoding';
import { contentName, ITEM_DRAWINGS, pictureKind, seedPicture } from '../src/domain/pictures';
import { SEED_ITEMS, seedCatalog, seedPictureFiles } from '../src/domain/seed';

/** A picture made here: `width` × `height` in `format`, with EXIF as a camera writes it. */
const photo = (format: 'jpeg' | 'png' | 'webp', width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#c7653d' } })
    .withExif({ IFD0: { Make: 'Test camera' } })
    .toFormat(format)
    .toBuffer();

describe('demo catalog pictures', () => {
  const catalog = seedCatalog();
  const files = seedPictureFiles(catalog);

  it('gives every seed product a drawing of its own, named by its content, and stores each one', () => {
    for (const product of catalog) {
      expect(product.images).toEqual([expect.stringMatching(/^\/api\/v1\/images\/[a-f0-9]{16}\.svg$/)]);
      const name = product.images[0]!.split('/').pop()!;
      expect(files.get(name)).toBe(seedPicture(product));
      expect(contentName(files.get(name)!, '.svg')).toBe(name);
    }
    expect(files.size).toBe(catalog.length);
  });

  /** The item a seed product is ("Studio Desk Lamp" → "Desk Lamp"): its name is `<variant> <item>`. */
  const itemOf = (name: string) => {
    const items = SEED_ITEMS.filter((item) => name.endsWith(` ${item}`));
    expect(items).toHaveLength(1);
    return items[0]!;
  };
  /** The drawn shapes of a picture, whatever their colours. */
  const shapes = (svg: string) =>
    /<g data-kind="[^"]*">([\s\S]*)<\/g>\s*<\/svg>/.exec(svg)![1]!.replace(/#[0-9a-f]{6}/g, '#');

  it('draws each seed product as the kind of item it is: one drawing per kind, no two kinds alike', () => {
    expect(new Set(SEED_ITEMS).size).toBe(60);
    const drawingOf = new Map<string, Set<string>>();
    for (const product of catalog) {
      const item = itemOf(product.name);
      expect(pictureKind(product.name)).toBe(item);
      const svg = seedPicture(product);
      expect(svg).toContain(`<g data-kind="${item}">`);
      drawingOf.set(item, (drawingOf.get(item) ?? new Set()).add(shapes(svg)));
    }
    // Every kind the seed sells is drawn, each of its products alike (colours aside)…
    expect([...drawingOf.keys()].sort()).toEqual([...SEED_ITEMS].sort());
    for (const [item, drawings] of drawingOf) expect([item, drawings.size]).toEqual([item, 1]);
    // …and no kind borrows another's drawing (a desk lamp drawn as headphones fails here).
    const all = [...drawingOf.values()].map((d) => [...d][0]);
    expect(new Set(all).size).toBe(SEED_ITEMS.length);
    expect(Object.keys(ITEM_DRAWINGS).sort()).toEqual([...SEED_ITEMS].sort());
  });

  it('finds the kind among the words of a name, the longest first, and draws an unknown one as a parcel', () => {
    expect(pictureKind('Studio Desk Lamp')).toBe('Desk Lamp');
    expect(pictureKind('Trail Headlamp')).toBe('Headlamp');
    expect(pictureKind('Pro usb-c charger')).toBe('USB-C Charger');
    expect(pictureKind('Mugwort tea')).toBeNull();
    expect(seedPicture({ name: 'Mystery box', categories: ['toys'], attributes: {} })).toContain(
      '<g data-kind="parcel">',
    );
  });

  it('draws real pictures: every kind an SVG that renders at 400 × 400, under 2 KB', async () => {
    for (const svg of files.values()) expect(Buffer.byteLength(svg)).toBeLessThan(2048);
    const oneOfEachKind = new Map(
      catalog.map((p) => [itemOf(p.name), files.get(p.images[0]!.split('/').pop()!)!]),
    );
    for (const svg of oneOfEachKind.values()) {
      const meta = await sharp(Buffer.from(svg)).metadata();
      expect(meta).toMatchObject({ format: 'svg', width: 400, height: 400 });
      // Not one flat colour: the drawing is there.
      const { channels } = await sharp(Buffer.from(svg)).stats();
      expect(Math.max(...channels.map((c) => c.stdev))).toBeGreaterThan(5);
    }
  });

  it('escapes the name it puts in the title', () => {
    const svg = seedPicture({ name: 'A <b>&"mug"', categories: ['kitchen'], attributes: {} });
    expect(svg).toContain('<title>A &lt;b&gt;&amp;&quot;mug&quot;</title>');
  });
});

describe('encodePicture', () => {
  it('re-encodes a JPEG to WebP at 320, 640 and 960 px, upright, without its metadata', async () => {
    const result = await encodePicture({
      contentType: 'image/jpeg',
      data: (await photo('jpeg', 1600, 1200)).toString('base64'),
    });
    if (!('pictures' in result)) throw new Error(JSON.stringify(result));
    const hash = result.pictures[0]!.name.slice(0, 16);
    expect(result.pictures.map((p) => p.name)).toEqual([
      `${hash}-320.webp`,
      `${hash}-640.webp`,
      `${hash}-960.webp`,
    ]);
    for (const picture of result.pictures) {
      const meta = await sharp(picture.bytes).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: picture.width, height: (picture.width * 3) / 4 });
      expect(meta.exif).toBeUndefined();
    }
  });

  it('never makes a small picture larger', async () => {
    const result = await encodePicture({
      contentType: 'image/png',
      data: (await photo('png', 200, 100)).toString('base64'),
    });
    if (!('pictures' in result)) throw new Error(JSON.stringify(result));
    for (const picture of result.pictures) expect((await sharp(picture.bytes).metadata()).width).toBe(200);
  });

  it.each([
    ['a JPEG said to be a PNG', 'image/png', async () => photo('jpeg', 40, 30), 'contentType'],
    ['bytes that are no picture', 'image/webp', async () => Buffer.from('hello, not a picture'), 'data'],
    ['a JPEG cut short', 'image/jpeg', async () => (await photo('jpeg', 400, 300)).subarray(0, 600), 'data'],
    ['more than 2 MB', 'image/jpeg', async () => Buffer.alloc(PICTURE_MAX_BYTES + 1, 1), 'data'],
  ] as const)('refuses %s, naming the field', async (_what, contentType, bytes, path) => {
    const result = await encodePicture({ contentType, data: (await bytes()).toString('base64') });
    expect(result).toEqual({ refused: { path, message: expect.any(String) } });
  });
});

describe('pictureSources', () => {
  it('offers an uploaded picture in its three widths, and anything else as it is', () => {
    expect(pictureSources('/api/v1/images/0123456789abcdef-960.webp')).toEqual({
      src: '/api/v1/images/0123456789abcdef-960.webp',
      srcSet:
        '/api/v1/images/0123456789abcdef-320.webp 320w, /api/v1/images/0123456789abcdef-640.webp 640w, /api/v1/images/0123456789abcdef-960.webp 960w',
    });
    expect(pictureSources('/api/v1/images/0123456789abcdef.svg')).toEqual({
      src: '/api/v1/images/0123456789abcdef.svg',
    });
    expect(pictureSources('https://cdn.example/mug.jpg')).toEqual({ src: 'https://cdn.example/mug.jpg' });
  });
});
