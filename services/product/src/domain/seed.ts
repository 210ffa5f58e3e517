import { picturePath, type CreateProduct } from '@sidecart/contracts';
import { contentName, seedPicture } from './pictures';

/**
 * The demo catalog: 240 products over 10 categories, generated from fixed word lists
 * and a seeded random generator, so every start and every test sees the same shop.
 */

type CategorySpec = {
  slug: string;
  code: string;
  items: string[];
  variants: string[];
  materials: string[];
  priceRange: [number, number];
  blurb: string;
};

const CATEGORIES: CategorySpec[] = [
  {
    slug: 'kitchen',
    code: 'KIT',
    items: ['Mug', 'Chef Knife', 'Cutting Board', 'Saucepan', 'Teapot', 'Salad Bowl'],
    variants: ['Classic', 'Nordic', 'Rustic', 'Studio'],
    materials: ['stoneware', 'oak', 'stainless steel', 'cast iron', 'porcelain'],
    priceRange: [900, 12900],
    blurb: 'Made for everyday cooking and easy to clean.',
  },
  {
    slug: 'books',
    code: 'BOK',
    items: ['Notebook', 'Cookbook', 'Travel Guide', 'Sketchbook', 'Novel', 'Atlas'],
    variants: ['Pocket', 'Deluxe', 'Illustrated', 'Hardcover'],
    materials: ['recycled paper', 'linen cover', 'cloth binding', 'matte paper'],
    priceRange: [700, 4900],
    blurb: 'Printed on paper that takes ink without bleeding.',
  },
  {
    slug: 'electronics',
    code: 'ELC',
    items: ['Headphones', 'Bluetooth Speaker', 'USB-C Charger', 'Desk Lamp', 'Keyboard', 'Webcam'],
    variants: ['Pro', 'Mini', 'Wireless', 'Compact'],
    materials: ['aluminium', 'matte plastic', 'fabric mesh', 'recycled plastic'],
    priceRange: [1900, 24900],
    blurb: 'Two-year warranty and a replaceable battery where there is one.',
  },
  {
    slug: 'outdoor',
    code: 'OUT',
    items: ['Backpack', 'Tent', 'Sleeping Bag', 'Water Bottle', 'Headlamp', 'Camping Stove'],
    variants: ['Trail', 'Summit', 'Ultralight', 'Expedition'],
    materials: ['ripstop nylon', 'titanium', 'down fill', 'stainless steel'],
    priceRange: [1500, 39900],
    blurb: 'Tested on long hikes in wind and rain.',
  },
  {
    slug: 'clothing',
    code: 'CLO',
    items: ['T-Shirt', 'Hoodie', 'Rain Jacket', 'Wool Socks', 'Chinos', 'Beanie'],
    variants: ['Everyday', 'Heavyweight', 'Slim', 'Relaxed'],
    materials: ['organic cotton', 'merino wool', 'recycled polyester', 'linen'],
    priceRange: [1200, 18900],
    blurb: 'Cut for comfort and made to last many washes.',
  },
  {
    slug: 'toys',
    code: 'TOY',
    items: ['Puzzle', 'Building Blocks', 'Kite', 'Board Game', 'Plush Bear', 'Marble Run'],
    variants: ['Junior', 'Family', 'Classic', 'Giant'],
    materials: ['beech wood', 'cardboard', 'cotton', 'recycled plastic'],
    priceRange: [800, 7900],
    blurb: 'Safety tested, no small parts for the junior range.',
  },
  {
    slug: 'garden',
    code: 'GDN',
    items: ['Watering Can', 'Pruning Shears', 'Plant Pot', 'Seed Kit', 'Garden Gloves', 'Hose Reel'],
    variants: ['Balcony', 'Greenhouse', 'Allotment', 'Patio'],
    materials: ['terracotta', 'galvanised steel', 'bamboo', 'leather'],
    priceRange: [600, 8900],
    blurb: 'For balconies, window sills and proper gardens alike.',
  },
  {
    slug: 'sports',
    code: 'SPT',
    items: ['Yoga Mat', 'Running Shoes', 'Dumbbell Set', 'Jump Rope', 'Tennis Racket', 'Cycling Gloves'],
    variants: ['Studio', 'Marathon', 'Training', 'Club'],
    materials: ['natural rubber', 'carbon fibre', 'foam', 'mesh'],
    priceRange: [900, 21900],
    blurb: 'Grip, cushioning and weight chosen with coaches.',
  },
  {
    slug: 'beauty',
    code: 'BEA',
    items: ['Face Cream', 'Shampoo', 'Lip Balm', 'Hand Soap', 'Body Oil', 'Sunscreen'],
    variants: ['Gentle', 'Intense', 'Fragrance Free', 'Travel Size'],
    materials: ['shea butter', 'aloe vera', 'almond oil', 'oat extract'],
    priceRange: [400, 5900],
    blurb: 'Dermatologically tested and not tested on animals.',
  },
  {
    slug: 'home',
    code: 'HOM',
    items: ['Throw Blanket', 'Scented Candle', 'Wall Clock', 'Cushion', 'Picture Frame', 'Vase'],
    variants: ['Cosy', 'Minimal', 'Vintage', 'Coastal'],
    materials: ['wool', 'soy wax', 'walnut', 'glass', 'velvet'],
    priceRange: [1100, 9900],
    blurb: 'Small things that make a room feel lived in.',
  },
];

/** Every kind of item the demo catalog sells ("Mug", "Desk Lamp", …): each has its own drawing. */
export const SEED_ITEMS: readonly string[] = CATEGORIES.flatMap((c) => c.items);

const COLOURS = ['Black', 'White', 'Sage', 'Navy', 'Terracotta', 'Sand'];

/** mulberry32: a tiny deterministic generator; the seed fixes the whole catalog (and the bench's large seed). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(list: T[], next: () => number): T => list[Math.floor(next() * list.length)]!;

/** Prices end in 9 or 5 like real shelf prices. */
const shelfPrice = (min: number, max: number, next: () => number) =>
  Math.round((min + next() * (max - min)) / 100) * 100 - (next() < 0.5 ? 1 : 5);

export const SEED_PRODUCTS_PER_CATEGORY = 24;

export function seedCatalog(seed = 20261125): CreateProduct[] {
  const next = mulberry32(seed);
  const products: CreateProduct[] = [];
  for (const category of CATEGORIES) {
    for (let i = 0; i < SEED_PRODUCTS_PER_CATEGORY; i++) {
      // Item × variant covers 24 unique names per category; colour and material vary freely.
      const item = category.items[i % category.items.length]!;
      const variant = category.variants[Math.floor(i / category.items.length) % category.variants.length]!;
      const colour = pick(COLOURS, next);
      const material = pick(category.materials, next);
      const name = `${variant} ${item}`;
      const categories = i % 5 === 0 && category.slug !== 'home' ? [category.slug, 'home'] : [category.slug];
      const attributes = { colour, material };
      // About one in eight products is sold out, so the in-stock filter has something to do.
      const onHand = next() < 0.125 ? 0 : 1 + Math.floor(next() * 120);
      products.push({
        sku: `SC-${category.code}-${String(i + 1).padStart(3, '0')}`,
        name,
        description: `${name} in ${colour.toLowerCase()}, made of ${material}. ${category.blurb}`,
        // The project's own drawing of it (domain/pictures.ts), stored at start (seedPictureFiles).
        images: [picturePath(contentName(seedPicture({ name, categories, attributes }), '.svg'))],
        categories,
        attributes,
        price: { amount: shelfPrice(...category.priceRange, next), currency: 'EUR' },
        active: true,
        onHand,
      });
    }
  }
  return products;
}

/** The demo catalog's pictures to store before its products: name → SVG, one per distinct drawing. */
export function seedPictureFiles(products: CreateProduct[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const product of products) {
    const svg = seedPicture(product);
    files.set(contentName(svg, '.svg'), svg);
  }
  return files;
}
