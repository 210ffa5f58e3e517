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

/** `fill` and outline in the product's colour: the attributes most shapes share. */
const body = (p: Paint, colour = p.fill) => `fill="${colour}" stroke="${p.line}" stroke-width="4"`;
const STEEL = '#d9dde2';
const WHITE = 'fill="#ffffff" opacity="0.8"';

/** A book lying face up, its cover carrying `cover`. */
const book = (p: Paint, cover: string) => `
  <rect x="128" y="92" width="168" height="230" rx="8" fill="#fffdf6" stroke="${p.line}" stroke-width="4"/>
  <rect x="112" y="84" width="168" height="230" rx="8" ${body(p)}/>
  <rect x="112" y="84" width="26" height="230" rx="6" fill="${p.shade}"/>${cover}`;

/** A glove: palm, fingers of `finger` length, cuff. */
const glove = (p: Paint, finger: number, extra: string) => `
  <g ${body(p)}>${[150, 178, 206, 234]
    .map(
      (x, i) =>
        `<rect x="${x}" y="${170 - finger + (i % 3 === 0 ? 14 : 0)}" width="26" height="${finger + 30}" rx="13"/>`,
    )
    .join('')}
  <rect x="96" y="196" width="30" height="80" rx="15" transform="rotate(-35 111 236)"/>
  <rect x="146" y="170" width="118" height="110" rx="24"/></g>${extra}`;

/**
 * One drawing per kind of item the demo catalog sells (seed.ts, `CATEGORIES[].items`), keyed by
 * that item's name, in the product's colour: 400 × 400, standing on (200, 320).
 */
export const ITEM_DRAWINGS: Record<string, (p: Paint) => string> = {
  // kitchen
  Mug: (p) => `
  <path d="M270 170h22a38 38 0 0 1 0 76h-22" fill="none" stroke="${p.shade}" stroke-width="18"/>
  <rect x="120" y="140" width="160" height="170" rx="22" ${body(p)}/>
  <ellipse cx="200" cy="142" rx="80" ry="14" fill="${p.shade}"/>
  <path d="M170 118c-10-16 10-24 0-44M200 118c-10-16 10-24 0-44M230 118c-10-16 10-24 0-44" fill="none" stroke="#ffffff" stroke-width="6" stroke-linecap="round" opacity="0.8"/>`,
  'Chef Knife': (p) => `
  <g transform="rotate(-24 200 220)"><path d="M60 222q60-40 200-34v48H90q-30 0-30-14z" fill="${STEEL}" stroke="#8b9199" stroke-width="4"/>
  <rect x="258" y="196" width="100" height="36" rx="12" ${body(p)}/>
  <circle cx="286" cy="214" r="5" fill="${STEEL}"/><circle cx="330" cy="214" r="5" fill="${STEEL}"/></g>`,
  'Cutting Board': (p) => `
  <rect x="300" y="200" width="50" height="56" rx="16" ${body(p)}/><circle cx="328" cy="228" r="10" fill="${p.shade}"/>
  <rect x="70" y="150" width="240" height="160" rx="26" ${body(p)}/>
  <path d="M100 200h170M110 240h140M100 278h160" stroke="${p.shade}" stroke-width="4" stroke-linecap="round"/>`,
  Saucepan: (p) => `
  <rect x="258" y="182" width="118" height="18" rx="9" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <rect x="86" y="190" width="176" height="118" rx="20" ${body(p)}/>
  <rect x="76" y="178" width="196" height="20" rx="8" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>`,
  Teapot: (p) => `
  <path d="M128 250q-40-10-56-66" fill="none" stroke="${p.shade}" stroke-width="18" stroke-linecap="round"/>
  <path d="M276 200q60 0 40 70" fill="none" stroke="${p.shade}" stroke-width="14"/>
  <ellipse cx="200" cy="246" rx="92" ry="70" ${body(p)}/>
  <ellipse cx="200" cy="178" rx="46" ry="12" fill="${p.shade}"/><circle cx="200" cy="162" r="11" fill="${p.shade}"/>`,
  'Salad Bowl': (p) => `
  <circle cx="160" cy="200" r="34" fill="#6aa84f"/><circle cx="214" cy="186" r="36" fill="#93c47d"/><circle cx="250" cy="206" r="26" fill="#d9534f"/>
  <path d="M70 210h260a130 104 0 0 1-260 0z" ${body(p)}/>
  <path d="M110 250q90 30 180 0" fill="none" stroke="${p.shade}" stroke-width="8"/>`,
  // books
  Notebook: (p) => `
  <rect x="120" y="86" width="170" height="232" rx="10" ${body(p)}/>
  <path d="M120 104v200" stroke="${p.shade}" stroke-width="14" stroke-dasharray="10 14"/>
  <rect x="262" y="86" width="12" height="232" fill="${p.shade}"/>
  <rect x="152" y="140" width="84" height="44" rx="4" ${WHITE}/>`,
  Cookbook: (p) =>
    book(
      p,
      `
  <circle cx="210" cy="200" r="46" ${WHITE}/>
  <path d="M186 176v30m-8-30v18q8 10 16 0v-18M186 206v24M232 176q-14 10-8 30l0 24" fill="none" stroke="${p.shade}" stroke-width="6" stroke-linecap="round"/>`,
    ),
  'Travel Guide': (p) =>
    book(
      p,
      `
  <path d="M210 250q-40-46-40-74a40 40 0 0 1 80 0q0 28-40 74z" fill="#ffffff" opacity="0.85"/>
  <circle cx="210" cy="176" r="14" fill="${p.shade}"/>`,
    ),
  Sketchbook: (p) => `
  <rect x="70" y="140" width="260" height="170" rx="8" ${body(p)}/>
  <path d="M86 140h228" stroke="${p.shade}" stroke-width="14" stroke-dasharray="10 12"/>
  <path d="M110 270q40-70 80-30t80-40" fill="none" stroke="#ffffff" stroke-width="6"/>
  <g transform="rotate(-40 250 230)"><rect x="170" y="222" width="150" height="18" fill="#f1c232"/><path d="M170 222l-24 9 24 9z" fill="#e6b89c"/></g>`,
  Novel: (p) =>
    book(
      p,
      `
  <rect x="160" y="130" width="96" height="12" rx="6" fill="#ffffff" opacity="0.85"/>
  <rect x="160" y="154" width="70" height="10" rx="5" fill="#ffffff" opacity="0.6"/>`,
    ),
  Atlas: (p) =>
    book(
      p,
      `
  <circle cx="210" cy="200" r="50" fill="#7fb3d5" stroke="#ffffff" stroke-width="5"/>
  <path d="M160 200h100M210 150q-34 50 0 100q34-50 0-100" fill="none" stroke="#ffffff" stroke-width="4"/>`,
    ),
  // electronics
  Headphones: (p) => `
  <path d="M112 230v-40a88 88 0 0 1 176 0v40" fill="none" stroke="${p.shade}" stroke-width="16" stroke-linecap="round"/>
  <rect x="92" y="210" width="52" height="92" rx="22" ${body(p)}/>
  <rect x="256" y="210" width="52" height="92" rx="22" ${body(p)}/>
  <circle cx="118" cy="256" r="12" fill="${p.shade}"/><circle cx="282" cy="256" r="12" fill="${p.shade}"/>`,
  'Bluetooth Speaker': (p) => `
  <rect x="110" y="130" width="180" height="184" rx="40" ${body(p)}/>
  <circle cx="200" cy="236" r="56" fill="${p.shade}"/><circle cx="200" cy="236" r="20" fill="${p.line}"/>
  <circle cx="170" cy="160" r="7" fill="${p.shade}"/><circle cx="200" cy="160" r="7" fill="${p.shade}"/><circle cx="230" cy="160" r="7" fill="${p.shade}"/>`,
  'USB-C Charger': (p) => `
  <path d="M200 270q0 50 60 50h60" fill="none" stroke="${p.shade}" stroke-width="10"/>
  <rect x="140" y="130" width="120" height="140" rx="20" ${body(p)}/>
  <path d="M180 130v-34M220 130v-34" stroke="${STEEL}" stroke-width="12"/>
  <path d="M208 170l-22 34h20l-10 30 30-42h-20z" fill="#ffffff" opacity="0.85"/>`,
  'Desk Lamp': (p) => `
  <path d="M160 306l40-100 58-58" fill="none" stroke="${p.shade}" stroke-width="12" stroke-linecap="round"/>
  <path d="M236 190l60 84h-110z" fill="#fff3b0" opacity="0.7"/>
  <path d="M214 150l60-50 42 54z" ${body(p)}/>
  <ellipse cx="160" cy="310" rx="64" ry="16" ${body(p)}/><circle cx="200" cy="206" r="10" fill="${p.line}"/>`,
  Keyboard: (p) => `
  <defs><pattern id="k" width="26" height="26" patternUnits="userSpaceOnUse"><rect x="3" y="3" width="20" height="20" rx="4" fill="#ffffff" opacity="0.75"/></pattern></defs>
  <rect x="56" y="180" width="288" height="120" rx="14" ${body(p)}/>
  <rect x="70" y="192" width="260" height="78" fill="url(#k)"/><rect x="130" y="272" width="140" height="16" rx="4" fill="#ffffff" opacity="0.75"/>`,
  Webcam: (p) => `
  <path d="M200 250v50M150 310h100" stroke="${p.shade}" stroke-width="14" stroke-linecap="round"/>
  <circle cx="200" cy="180" r="78" ${body(p)}/>
  <circle cx="200" cy="180" r="38" fill="${p.shade}"/><circle cx="200" cy="180" r="16" fill="#1b1d22"/><circle cx="250" cy="140" r="7" fill="#6fcf6f"/>`,
  // outdoor
  Backpack: (p) => `
  <path d="M160 110a40 40 0 0 1 80 0" fill="none" stroke="${p.shade}" stroke-width="12"/>
  <rect x="122" y="104" width="156" height="212" rx="44" ${body(p)}/>
  <rect x="146" y="214" width="108" height="76" rx="16" fill="${p.shade}"/>
  <rect x="146" y="214" width="108" height="14" rx="7" fill="${p.line}" opacity="0.35"/>
  <rect x="190" y="140" width="20" height="50" rx="8" fill="${p.shade}"/>`,
  Tent: (p) => `
  <path d="M200 96L56 318M200 96l144 222" stroke="${p.line}" stroke-width="6"/>
  <path d="M200 100L70 316h260z" ${body(p)}/>
  <path d="M200 160l-44 156h88z" fill="${p.shade}"/>`,
  'Sleeping Bag': (p) => `
  <path d="M130 90h140q26 0 26 40l-24 190H128l-24-190q0-40 26-40z" ${body(p)}/>
  <ellipse cx="200" cy="130" rx="46" ry="26" fill="${p.shade}"/>
  <path d="M150 170h100M146 220h108M142 270h116" stroke="${p.shade}" stroke-width="6"/>`,
  'Water Bottle': (p) => `
  <circle cx="200" cy="80" r="14" fill="none" stroke="${p.shade}" stroke-width="6"/>
  <rect x="170" y="88" width="60" height="40" rx="8" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <rect x="156" y="120" width="88" height="196" rx="26" ${body(p)}/>
  <rect x="156" y="196" width="88" height="40" fill="#ffffff" opacity="0.5"/>`,
  Headlamp: (p) => `
  <ellipse cx="200" cy="240" rx="124" ry="56" fill="none" stroke="${p.shade}" stroke-width="18"/>
  <path d="M200 180l-50-90h100z" fill="#fff3b0" opacity="0.8"/>
  <rect x="152" y="176" width="96" height="70" rx="16" ${body(p)}/><circle cx="200" cy="211" r="22" fill="#fff7cf" stroke="${p.line}" stroke-width="4"/>`,
  'Camping Stove': (p) => `
  <path d="M186 150q-22-30 14-62 8 28 22 36 8 16-8 26z" fill="#f6a623"/><path d="M196 150q-6-18 6-30 10 16 6 30z" fill="#4a90d9"/>
  <path d="M140 150h120M150 150l30 36M250 150l-30 36" stroke="#5b5f66" stroke-width="8" stroke-linecap="round"/>
  <rect x="172" y="182" width="56" height="28" rx="6" fill="#8d9096"/>
  <rect x="140" y="206" width="120" height="110" rx="24" ${body(p)}/>`,
  // clothing
  'T-Shirt': (p) => `
  <path d="M150 96l-70 40 26 54 30-14v138h128V176l30 14 26-54-70-40c-6 22-24 34-50 34s-44-12-50-34z" ${body(p)} stroke-linejoin="round"/>
  <path d="M150 96c6 22 24 34 50 34s44-12 50-34" fill="none" stroke="${p.shade}" stroke-width="8"/>`,
  Hoodie: (p) => `
  <path d="M146 104L96 130 64 300h42l26-110v130h136V190l26 110h42L304 130l-50-26z" ${body(p)} stroke-linejoin="round"/>
  <path d="M146 106q54-90 108 0-54 40-108 0z" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <path d="M186 126v44M214 126v44" stroke="#ffffff" stroke-width="5" stroke-linecap="round"/>
  <path d="M150 250h100l-14 40h-72z" fill="${p.shade}"/>`,
  'Rain Jacket': (p) => `
  <path d="M146 108L96 130 70 310h40l22-120v130h136V190l22 120h40l-26-180-50-22z" ${body(p)} stroke-linejoin="round"/>
  <path d="M146 110l54-60 54 60-54 20z" fill="${p.shade}" stroke="${p.line}" stroke-width="4" stroke-linejoin="round"/>
  <path d="M200 130v190" stroke="${p.line}" stroke-width="5" stroke-dasharray="6 4"/>
  <path d="M148 230h34M218 230h34" stroke="${p.shade}" stroke-width="8" stroke-linecap="round"/>`,
  'Wool Socks': (p) => `
  <path d="M110 90h64v130l52 40a30 30 0 0 1-34 50l-82-58z" fill="${p.shade}" stroke="${p.line}" stroke-width="4" stroke-linejoin="round"/>
  <path d="M176 80h70v140l56 40a30 30 0 0 1-32 52l-94-62z" ${body(p)} stroke-linejoin="round"/>
  <path d="M176 96h70M176 112h70" stroke="#ffffff" stroke-width="6" opacity="0.8"/>`,
  Chinos: (p) => `
  <path d="M132 96h136l30 222h-76l-22-150-22 150h-76z" ${body(p)} stroke-linejoin="round"/>
  <rect x="128" y="86" width="144" height="22" rx="4" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <path d="M140 120q26 10 30 40M260 120q-26 10-30 40M200 108v60" fill="none" stroke="${p.shade}" stroke-width="5"/>`,
  Beanie: (p) => `
  <circle cx="200" cy="112" r="28" fill="${p.shade}"/>
  <path d="M96 260a104 124 0 0 1 208 0z" ${body(p)}/>
  <rect x="88" y="246" width="224" height="56" rx="14" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <path d="M112 254v40M136 254v40M160 254v40M184 254v40M208 254v40M232 254v40M256 254v40M280 254v40" stroke="${p.line}" stroke-width="4" opacity="0.4"/>`,
  // toys
  Puzzle: (p) => `
  <path d="M100 130h60a22 22 0 1 1 44 0h60v62a22 22 0 1 1 0 44v62h-62a22 22 0 1 0-44 0h-58z" ${body(p)} stroke-linejoin="round"/>
  <circle cx="182" cy="214" r="10" fill="${p.shade}"/>`,
  'Building Blocks': (p) => `
  <rect x="96" y="224" width="96" height="84" rx="8" ${body(p)}/>
  <rect x="208" y="224" width="96" height="84" rx="8" ${body(p, '#e4574c')}/>
  <rect x="152" y="140" width="96" height="84" rx="8" ${body(p, '#3f8fd8')}/>
  <rect x="114" y="210" width="22" height="14" rx="4" fill="${p.shade}"/><rect x="152" y="210" width="22" height="14" rx="4" fill="${p.shade}"/>
  <rect x="170" y="126" width="22" height="14" rx="4" fill="#2f6fae"/><rect x="208" y="126" width="22" height="14" rx="4" fill="#2f6fae"/>`,
  Kite: (p) => `
  <path d="M200 250q-20 30 0 50t0 40" fill="none" stroke="${p.line}" stroke-width="4"/>
  <path d="M190 284l20 8-20 8zM210 318l-20 8 20 8z" fill="#e4574c"/>
  <path d="M200 66l86 100-86 90-86-90z" ${body(p)} stroke-linejoin="round"/>
  <path d="M200 66v190M114 166h172" stroke="${p.shade}" stroke-width="5"/>`,
  'Board Game': (p) => `
  <defs><pattern id="g" width="40" height="40" patternUnits="userSpaceOnUse"><rect width="20" height="20" fill="#ffffff" opacity="0.6"/><rect x="20" y="20" width="20" height="20" fill="#ffffff" opacity="0.6"/></pattern></defs>
  <rect x="70" y="130" width="220" height="180" rx="10" ${body(p)}/><rect x="90" y="150" width="180" height="140" fill="url(#g)"/>
  <rect x="262" y="236" width="62" height="62" rx="10" fill="#ffffff" stroke="${p.line}" stroke-width="4"/>
  <circle cx="280" cy="254" r="6"/><circle cx="306" cy="280" r="6"/><circle cx="293" cy="267" r="6"/>`,
  'Plush Bear': (p) => `
  <circle cx="140" cy="108" r="28" ${body(p)}/><circle cx="260" cy="108" r="28" ${body(p)}/>
  <ellipse cx="200" cy="270" rx="84" ry="54" ${body(p)}/>
  <circle cx="200" cy="168" r="74" ${body(p)}/>
  <ellipse cx="200" cy="192" rx="30" ry="22" fill="${p.shade}"/><circle cx="172" cy="150" r="8" fill="#1b1d22"/><circle cx="228" cy="150" r="8" fill="#1b1d22"/><circle cx="200" cy="184" r="7" fill="#1b1d22"/>`,
  'Marble Run': (p) => `
  <rect x="88" y="84" width="22" height="236" rx="6" ${body(p)}/><rect x="290" y="84" width="22" height="236" rx="6" ${body(p)}/>
  <path d="M110 118l180 40M290 188l-180 40M110 258l180 40" stroke="${p.shade}" stroke-width="14" stroke-linecap="round"/>
  <circle cx="150" cy="110" r="12" fill="#e4574c"/><circle cx="240" cy="182" r="12" fill="#3f8fd8"/><circle cx="160" cy="252" r="12" fill="#f1c232"/>`,
  // garden
  'Watering Can': (p) => `
  <path d="M150 170a50 50 0 0 1 80 0" fill="none" stroke="${p.shade}" stroke-width="14"/>
  <path d="M136 260L66 164" stroke="${p.shade}" stroke-width="16" stroke-linecap="round"/>
  <ellipse cx="62" cy="158" rx="22" ry="12" transform="rotate(-50 62 158)" fill="${p.shade}"/>
  <rect x="126" y="170" width="150" height="140" rx="16" ${body(p)}/>`,
  'Pruning Shears': (p) => `
  <path d="M196 204L150 82q40 20 64 108zM204 204l46-122q-40 20-64 108z" fill="${STEEL}" stroke="#8b9199" stroke-width="4"/>
  <path d="M194 214l-50 100M206 214l50 100" stroke="${p.fill}" stroke-width="26" stroke-linecap="round"/>
  <circle cx="200" cy="208" r="12" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>`,
  'Plant Pot': (p) => `
  <path d="M200 200c-6-50 10-90 50-110-2 46-20 84-50 110zM200 204c-10-40-40-64-84-64 12 40 44 62 84 64z" fill="#5d9a55" stroke="#3f6e3a" stroke-width="4"/>
  <path d="M140 208h120l-16 104h-88z" ${body(p)} stroke-linejoin="round"/>
  <rect x="130" y="196" width="140" height="26" rx="6" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>`,
  'Seed Kit': (p) => `
  <rect x="130" y="96" width="140" height="216" rx="6" ${body(p)}/>
  <path d="M130 124h140" stroke="${p.shade}" stroke-width="6" stroke-dasharray="8 6"/>
  <path d="M200 240v-40q-30 0-34-30 30 0 34 30 4-30 34-30-4 30-34 30" fill="#5d9a55" stroke="#3f6e3a" stroke-width="3"/>
  <ellipse cx="170" cy="276" rx="7" ry="10" fill="${p.shade}"/><ellipse cx="200" cy="280" rx="7" ry="10" fill="${p.shade}"/><ellipse cx="230" cy="276" rx="7" ry="10" fill="${p.shade}"/>`,
  'Garden Gloves': (p) =>
    glove(
      p,
      90,
      `<rect x="140" y="270" width="130" height="46" rx="6" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>`,
    ),
  'Hose Reel': (p) => `
  <path d="M130 310l30-90M270 310l-30-90" stroke="${p.shade}" stroke-width="12" stroke-linecap="round"/>
  <circle cx="200" cy="190" r="96" fill="#5d9a55" stroke="${p.line}" stroke-width="4"/>
  <circle cx="200" cy="190" r="76" fill="none" stroke="#3f6e3a" stroke-width="4"/><circle cx="200" cy="190" r="54" fill="none" stroke="#3f6e3a" stroke-width="4"/>
  <circle cx="200" cy="190" r="30" ${body(p)}/><path d="M296 190q40 30 20 120" fill="none" stroke="#5d9a55" stroke-width="12"/>`,
  // sports
  'Yoga Mat': (p) => `
  <path d="M60 318l40-44h170l-40 44z" fill="${p.shade}" stroke="${p.line}" stroke-width="4" stroke-linejoin="round"/>
  <rect x="150" y="196" width="150" height="100" ${body(p)}/>
  <ellipse cx="300" cy="246" rx="28" ry="50" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <ellipse cx="300" cy="246" rx="12" ry="24" fill="none" stroke="${p.line}" stroke-width="4"/>`,
  'Running Shoes': (p) => `
  <path d="M66 290v-56q0-40 40-40h60q22 44 70 48l70 14q30 8 30 34z" ${body(p)} stroke-linejoin="round"/>
  <rect x="60" y="284" width="282" height="24" rx="12" fill="#ffffff" stroke="${p.line}" stroke-width="4"/>
  <path d="M176 212l-22 14M196 222l-22 14M216 230l-22 14" stroke="#ffffff" stroke-width="6" stroke-linecap="round"/>`,
  'Dumbbell Set': (p) => `
  <rect x="120" y="196" width="160" height="20" rx="8" fill="#8d9096"/>
  <rect x="92" y="150" width="34" height="112" rx="10" ${body(p)}/>
  <rect x="274" y="150" width="34" height="112" rx="10" ${body(p)}/>
  <rect x="70" y="168" width="26" height="76" rx="8" ${body(p, p.shade)}/>
  <rect x="304" y="168" width="26" height="76" rx="8" ${body(p, p.shade)}/>`,
  'Jump Rope': (p) => `
  <path d="M130 150q70 330 140 0" fill="none" stroke="${p.shade}" stroke-width="8"/>
  <rect x="116" y="70" width="28" height="86" rx="14" ${body(p)}/><rect x="256" y="70" width="28" height="86" rx="14" ${body(p)}/>`,
  'Tennis Racket': (p) => `
  <defs><pattern id="s" width="16" height="16" patternUnits="userSpaceOnUse"><path d="M0 1h16M1 0v16" stroke="#ffffff" stroke-width="2"/></pattern></defs>
  <path d="M186 244l14 30 14-30" fill="none" stroke="${p.fill}" stroke-width="10"/>
  <rect x="188" y="270" width="24" height="62" rx="8" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <ellipse cx="200" cy="158" rx="78" ry="92" fill="url(#s)" stroke="${p.fill}" stroke-width="14"/>`,
  'Cycling Gloves': (p) =>
    glove(
      p,
      26,
      `<rect x="142" y="228" width="126" height="34" rx="8" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <circle cx="176" cy="200" r="5" fill="${p.shade}"/><circle cx="204" cy="200" r="5" fill="${p.shade}"/><circle cx="232" cy="200" r="5" fill="${p.shade}"/>`,
    ),
  // beauty
  'Face Cream': (p) => `
  <rect x="116" y="214" width="168" height="100" rx="18" ${body(p)}/>
  <rect x="108" y="168" width="184" height="52" rx="12" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <rect x="140" y="244" width="120" height="40" rx="8" ${WHITE}/>`,
  Shampoo: (p) => `
  <rect x="168" y="84" width="64" height="46" rx="10" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <path d="M150 126h100q24 0 24 34v132q0 24-24 24H150q-24 0-24-24V160q0-34 24-34z" ${body(p)}/>
  <rect x="150" y="180" width="100" height="80" rx="8" ${WHITE}/>`,
  'Lip Balm': (p) => `
  <path d="M178 150v-50q22-26 44-8v58z" fill="#e27d8a"/>
  <rect x="170" y="146" width="60" height="170" rx="8" ${body(p)}/>
  <rect x="250" y="230" width="60" height="90" rx="8" ${body(p, p.shade)}/>`,
  'Hand Soap': (p) => `
  <path d="M216 94h46v14" fill="none" stroke="${p.shade}" stroke-width="10"/>
  <rect x="170" y="86" width="60" height="44" rx="8" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <rect x="184" y="124" width="32" height="22" fill="${p.shade}"/>
  <rect x="138" y="144" width="124" height="170" rx="30" ${body(p)}/>
  <rect x="160" y="200" width="80" height="58" rx="10" ${WHITE}/>`,
  'Body Oil': (p) => `
  <ellipse cx="200" cy="90" rx="20" ry="26" fill="#1b1d22"/><rect x="184" y="110" width="32" height="44" fill="#1b1d22"/>
  <path d="M176 150h48v20q56 20 56 80v40q0 24-24 24H144q-24 0-24-24v-40q0-60 56-80z" ${body(p)}/>
  <path d="M200 220q-24 30 0 44 24-14 0-44z" fill="#f1c232"/>`,
  Sunscreen: (p) => `
  <path d="M138 90h124l-22 196h-80z" ${body(p)} stroke-linejoin="round"/>
  <rect x="164" y="280" width="72" height="36" rx="8" fill="${p.shade}" stroke="${p.line}" stroke-width="4"/>
  <circle cx="200" cy="170" r="24" fill="#f6c343"/><path d="M200 126v-12M200 214v12M156 170h-12M244 170h12" stroke="#f6c343" stroke-width="6" stroke-linecap="round"/>`,
  // home
  'Throw Blanket': (p) => `
  <rect x="90" y="150" width="220" height="52" rx="12" ${body(p)}/>
  <rect x="90" y="204" width="220" height="52" rx="12" ${body(p, p.shade)}/>
  <rect x="90" y="258" width="220" height="52" rx="12" ${body(p)}/>
  <path d="M140 150v160M260 150v160" stroke="#ffffff" stroke-width="8" opacity="0.5"/>
  <path d="M310 160v140" stroke="${p.line}" stroke-width="12" stroke-dasharray="3 5"/>`,
  'Scented Candle': (p) => `
  <path d="M200 140q-20-26 0-56 20 30 0 56z" fill="#f6a623"/><path d="M200 160v-20" stroke="#1b1d22" stroke-width="4"/>
  <rect x="136" y="160" width="128" height="154" rx="14" ${body(p)}/>
  <ellipse cx="200" cy="166" rx="58" ry="10" fill="#fff7e6"/>
  <rect x="156" y="220" width="88" height="50" rx="6" ${WHITE}/>`,
  'Wall Clock': (p) => `
  <circle cx="200" cy="200" r="112" ${body(p)}/>
  <circle cx="200" cy="200" r="92" fill="#ffffff"/>
  <circle cx="200" cy="200" r="80" fill="none" stroke="${p.shade}" stroke-width="12" stroke-dasharray="4 37.9"/>
  <path d="M200 200v-56M200 200l40 24" stroke="#1b1d22" stroke-width="8" stroke-linecap="round"/>`,
  Cushion: (p) => `
  <path d="M96 120q104 24 208 0-20 100 0 200-104-24-208 0 20-100 0-200z" ${body(p)} stroke-linejoin="round"/>
  <path d="M120 144q80 18 160 0-14 76 0 152-80-18-160 0 14-76 0-152z" fill="none" stroke="${p.shade}" stroke-width="5"/>
  <circle cx="200" cy="220" r="10" fill="${p.shade}"/>`,
  'Picture Frame': (p) => `
  <rect x="104" y="90" width="192" height="228" rx="6" ${body(p)}/>
  <rect x="130" y="116" width="140" height="176" fill="#cfe6f5"/>
  <path d="M130 292l46-80 30 44 22-26 42 62z" fill="#6aa84f"/><circle cx="240" cy="152" r="16" fill="#f6c343"/>`,
  Vase: (p) => `
  <path d="M172 96h56v30c0 18 44 40 44 96 0 54-30 92-72 92s-72-38-72-92c0-56 44-78 44-96z" ${body(p)} stroke-linejoin="round"/>
  <rect x="164" y="88" width="72" height="16" rx="6" fill="${p.shade}"/>
  <path d="M136 230c40 18 88 18 128 0" fill="none" stroke="${p.shade}" stroke-width="10" stroke-linecap="round"/>`,
};

/** What an item the list above does not know is drawn as: a parcel. */
const PARCEL = (p: Paint) => `
  <rect x="100" y="150" width="200" height="160" rx="8" ${body(p)}/>
  <path d="M100 150l30-40h140l30 40z" fill="${p.shade}" stroke="${p.line}" stroke-width="4" stroke-linejoin="round"/>
  <rect x="180" y="150" width="40" height="60" fill="#ffffff" opacity="0.7"/>`;

/** A name's words, lower case, for matching: "USB-C Charger" → "usb c charger". */
const words = (text: string) =>
  ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;

/** The kinds, longest first, so that "Desk Lamp" is not taken for a shorter kind it contains. */
const KINDS = Object.keys(ITEM_DRAWINGS).sort((a, b) => b.length - a.length);

/**
 * The kind of item a product is, from its name: the drawn kind whose words appear in it
 * ("Studio Desk Lamp" → "Desk Lamp"); null when none does (it is drawn as a parcel).
 */
export function pictureKind(name: string): string | null {
  const said = words(name);
  return KINDS.find((kind) => said.includes(words(kind))) ?? null;
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/**
 * The demo catalog's picture of a product: the kind of item it is (`pictureKind`, from its name)
 * drawn in the product's colour on its department's backdrop. Made here, so the shop depends on
 * no image host; the same product always gets the same bytes (and so the same name).
 */
export function seedPicture(product: {
  name: string;
  categories: string[];
  attributes: Record<string, string>;
}): string {
  const department = product.categories.find((c) => c in BACKDROPS) ?? 'home';
  const kind = pictureKind(product.name);
  const draw = kind ? ITEM_DRAWINGS[kind]! : PARCEL;
  const colour = COLOURS[product.attributes.colour ?? ''] ?? COLOURS.Sand!;
  const [light, dark] = BACKDROPS[department]!;
  const line = colour.fill === COLOURS.Black!.fill ? '#000000' : colour.shade;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img">
  <title>${escapeXml(product.name)}</title>
  <defs><linearGradient id="b" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${dark}"/></linearGradient></defs>
  <rect width="400" height="400" fill="url(#b)"/>
  <ellipse cx="200" cy="332" rx="130" ry="16" fill="#000000" opacity="0.08"/>
  <g data-kind="${kind ? escapeXml(kind) : 'parcel'}">${draw({ ...colour, line })}</g>
</svg>
`;
}
