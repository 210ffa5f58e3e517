import { createHash } from 'node:crypto';

/**
 * Product pictures, pure: their stored names and the demo catalog's drawings. Every picture is
 * stored under a name made of its content's hash, so an address always shows the same bytes and
 * may be cached for good (docs/architecture.md, "Product pictures").
 */

/** `<16 hex digits of the content's SHA-256><suffix>`, e.g. `<hash>-640.webp` or `<hash>.svg`. */
export const contentName = (bytes: Buffer | string, suffix: string) =>
  `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}${suffix}`;

/** The content type a stored picture is served with, from its name. */
export const pictureContentType = (name: string) => (name.endsWith('.svg') ? 'image/svg+xml' : 'image/webp');

const COLOURS: Record<string, { fill: string; shade: string }> = {
  Black: { fill: '#2d2f33', shade: '#17181a' },
  White: { fill: '#f5f4ef', shade: '#cfcabd' },
  Sage: { fill: '#9cae8a', shade: '#6f8260' },
  Navy: { fill: '#25406b', shade: '#152743' },
  Terracotta: { fill: '#c7653d', shade: '#93452a' },
  Sand: { fill: '#dcc7a1', shade: '#b09a72' },
};

/** A soft backdrop per category, so a listing reads as departments at a glance. */
const BACKDROPS: Record<string, [string, string]> = {
  kitchen: ['#fbe9dc', '#f3cfb6'],
  books: ['#e8eef9', '#c9d6ef'],
  electronics: ['#e6f1f2', '#bfdadd'],
  outdoor: ['#e7f0e1', '#c5dbb7'],
  clothing: ['#f6e8ef', '#e7c6d6'],
  toys: ['#fff4cc', '#fbe08a'],
  garden: ['#e3f2e6', '#b9dcc0'],
  sports: ['#e9ecf8', '#c6cdee'],
  beauty: ['#fbeef0', '#f1cdd3'],
  home: ['#f2ede6', '#ddd1c1'],
};

type Paint = { fill: string; shade: string; line: string };

/** One drawing per department, in the product's colour: 400 × 400, centred on (200, 210). */
const DRAWINGS: Record<string, (p: Paint) => string> = {
  kitchen: (p) => `
  <path d="M270 170h22a38 38 0 0 1 0 76h-22" fill="none" stroke="${p.shade}" stroke-width="18"/>
  <rect x="120" y="140" width="160" height="170" rx="22" fill="${p.fill}" stroke="${p.line}" stroke-width="4"/>
  <ellipse cx="200" cy="142" rx="80" ry="14" fill="${p.shade}"/>
  <path d="M170 118c-10-16 10-24 0-44M200 118c-10-16 10-24 0-44M230 118c-10-16 10-24 0-44" fill="none" stroke="#ffffff" stroke-width="6" stroke-linecap="round" opacity="0.8"/>`,
  books: (p) => `
  <rect x="128" y="92" width="168" height="230" rx="8" fill="#fffdf6" stroke="${p.line}" stroke-width="4"/>
  <rect x="112" y="84" width="168" height="230" rx="8" fill="${p.fill}" stroke="${p.line}" stroke-width="4"/>
  <rect x="112" y="84" width="26" height="230" rx="6" fill="${p.shade}"/>
  <rect x="160" y="130" width="96" height="12" rx="6" fill="#ffffff" opacity="0.85"/>
  <rect x="160" y="154" width="70" height="10" rx="5" fill="#ffffff" opacity="0.6"/>`,
  electronics: (p) => `
  <path d="M112 230v-40a88 88 0 0 1 176 0v40" fill="none" stroke="${p.shade}" stroke-width="16" stroke-linecap="round"/>
  <rect x="92" y="210" width="52" height="92" rx="22" fill="${p.fill}" stroke="${p.line}" stroke-width="4"/>
  <rect x="256" y="210" width="52" height="92" rx="22" fill="${p.fill}" stroke="${p.line}" stroke-width="4"/>
  <circle cx="118" cy="256" r="12" fill="${p.shade}"/><circle cx="282" cy="256" r="12" fill="${p.shade}"/>`,
  outdoor: (p) => `
  <path d="M160 110a40 40 0 0 1 80 0" fill="none" stroke="${p.shade}" stroke-width="12"/>
  <rect x="122" y="104" width="156" height="212" rx="44" fill="${p.fill}" stroke="${p.line}" stroke-width="4"/>
  <rect x="146" y="214" width="108" height="76" rx="16" fill="${p.shade}"/>
  <rect x="146" y="214" width="108" height="14" rx="7" fill="${p.line}" opacity="0.35"/>
  <rect x="190" y="140" width="20" height="50" rx="8" fill="${p.shade}"/>`,
  clothing: (p) => `
  <path d="M150 96l-70 40 26 54 30-14v138h128V176l30 14 26-54-70-40c-6 22-24 34-50 34s-44-12-50-34z" fill="${p.fill}" stroke="${p.line}" stroke-width="4" stroke-linejoin="round"/>
  <path d="M150 96c6 22 24 34 50 34s44-12 50-34" fill="none" stroke="${p.shade}" stroke-width="8"/>`,
  toys: (p) => `
  <rect x="96" y="224" width="96" height="84" rx="8" fill="${p.fill}" stroke="${p.line}" stroke-width="4"/>
  <rect x="208" y="224" width="96" height="84" rx="8" fill="#e4574c" stroke="${p.line}" stroke-width="4"/>
  <rect x="152" y="140" width="96" height="84" rx="8" fill="#3f8fd8" stroke="${p.line}" stroke-width="4"/>
  <rect x="114" y="210" width="22" height="14" rx="4" fill="${p.shade}"/><rect x="152" y="210" width="22" height="14" rx="4" fill="${p.shade}"/>
  <rect x="170" y="126" width="22" height="14" rx="4" fill="#2f6fae"/><rect x="208" y="126" width="22" height="14" rx="4" fill="#2f6fae"/>`,
  garden: (p) => `
  <path d="M200 200c-6-50 10-90 50-110-2 46-20 84-50 110zM200 204c-10-40-40-64-84-64 12 40 44 62 84 64z" fill="#5d9a55" stroke="#3f6e3a" stroke-width="4"/>
  <path d="M140 208h120l-16 104h-88z" fill="${p.fill}" stroke="${p.line}" stroke-width="4" stroke-linejoin="round"/>
  <rect x="130" y="196" width="140" height="26" rx="6" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>`,
  sports: (p) => `
  <rect x="120" y="196" width="160" height="20" rx="8" fill="#8d9096"/>
  <rect x="92" y="150" width="34" height="112" rx="10" fill="${p.fill}" stroke="${p.line}" stroke-width="4"/>
  <rect x="274" y="150" width="34" height="112" rx="10" fill="${p.fill}" stroke="${p.line}" stroke-width="4"/>
  <rect x="70" y="168" width="26" height="76" rx="8" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <rect x="304" y="168" width="26" height="76" rx="8" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>`,
  beauty: (p) => `
  <rect x="170" y="86" width="60" height="44" rx="8" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <rect x="184" y="124" width="32" height="22" fill="${p.shade}"/>
  <rect x="138" y="144" width="124" height="170" rx="30" fill="${p.fill}" stroke="${p.line}" stroke-width="4"/>
  <rect x="160" y="200" width="80" height="58" rx="10" fill="#ffffff" opacity="0.8"/>`,
  home: (p) => `
  <path d="M172 96h56v30c0 18 44 40 44 96 0 54-30 92-72 92s-72-38-72-92c0-56 44-78 44-96z" fill="${p.fill}" stroke="${p.line}" stroke-width="4" stroke-linejoin="round"/>
  <rect x="164" y="88" width="72" height="16" rx="6" fill="${p.shade}"/>
  <path d="M136 230c40 18 88 18 128 0" fill="none" stroke="${p.shade}" stroke-width="10" stroke-linecap="round"/>`,
};

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/**
 * The demo catalog's picture of a product: its department's object drawn in the product's
 * colour on the department's backdrop. Made here, so the shop depends on no image host; the
 * same product always gets the same bytes (and so the same name).
 */
export function seedPicture(product: {
  name: string;
  categories: string[];
  attributes: Record<string, string>;
}): string {
  const department = product.categories.find((c) => c in DRAWINGS) ?? 'home';
  const colour = COLOURS[product.attributes.colour ?? ''] ?? COLOURS.Sand!;
  const [light, dark] = BACKDROPS[department]!;
  const line = colour.fill === COLOURS.Black!.fill ? '#000000' : colour.shade;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img">
  <title>${escapeXml(product.name)}</title>
  <defs><linearGradient id="b" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${dark}"/></linearGradient></defs>
  <rect width="400" height="400" fill="url(#b)"/>
  <ellipse cx="200" cy="332" rx="130" ry="16" fill="#000000" opacity="0.08"/>${DRAWINGS[department]!({ ...colour, line })}
</svg>
`;
}
