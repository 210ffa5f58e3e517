/**
 * How wide a line of text is drawn, estimated on the server where there is no browser to measure
 * it: each character's advance in DejaVu Sans (the sans-serif Linux browsers fall back to, and
 * wider than Arial, Helvetica or Segoe UI), so a width estimated here is rarely short.
 */

/** Advances in em of the characters that differ from their class's (DejaVu Sans, rounded up). */
const ADVANCE: Record<string, number> = {
  ' ': 0.32,
  i: 0.28,
  j: 0.28,
  l: 0.28,
  f: 0.36,
  t: 0.4,
  r: 0.42,
  I: 0.3,
  J: 0.3,
  m: 0.98,
  w: 0.82,
  M: 0.87,
  W: 0.99,
  '.': 0.32,
  ',': 0.32,
  ':': 0.34,
  ';': 0.34,
  "'": 0.28,
  '"': 0.46,
  '!': 0.4,
  '|': 0.34,
  '(': 0.4,
  ')': 0.4,
  '[': 0.4,
  ']': 0.4,
  '-': 0.37,
  '/': 0.34,
  '…': 1,
  '—': 1,
  '%': 0.95,
  '@': 1,
  '&': 0.78,
};

/** The advance in em of one character. */
function advance(char: string): number {
  const known = ADVANCE[char];
  if (known !== undefined) return known;
  if (/[a-z0-9]/.test(char)) return 0.64;
  if (/[A-Z]/.test(char)) return 0.77;
  // Letters with accents as their base letter; anything else (CJK, emoji) a full em.
  const base = char.normalize('NFD')[0] ?? '';
  if (base !== char && /[A-Za-z]/.test(base)) return advance(base);
  return 1;
}

/** The width of `text` at `fontSize` px. */
export const textWidth = (text: string, fontSize: number) =>
  [...text].reduce((sum, char) => sum + advance(char), 0) * fontSize;

/**
 * `text` as it fits in `width` px at `fontSize`: whole, or cut at a character with an ellipsis.
 * `cut` says whether it was cut (the whole text then belongs in a tooltip or beside the chart).
 */
export function fitText(text: string, width: number, fontSize: number): { shown: string; cut: boolean } {
  if (textWidth(text, fontSize) <= width) return { shown: text, cut: false };
  const chars = [...text];
  let room = width - textWidth('…', fontSize);
  let kept = 0;
  while (kept < chars.length && (room -= advance(chars[kept]!) * fontSize) >= 0) kept += 1;
  return { shown: `${chars.slice(0, kept).join('').trimEnd()}…`, cut: true };
}
