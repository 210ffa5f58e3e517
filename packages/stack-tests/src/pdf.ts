/**
 * Just enough of a PDF reader for tests to find what a document says: each content stream
 * (inflated when it is FlateDecode), and in it the strings shown by `Tj`/`TJ`, decoded as the
 * standard fonts' Windows-1252. One line per text operator. Enough for the documents pdfkit writes
 * with its standard fonts (the invoices); not a general PDF parser.
 */
import { inflateSync } from 'node:zlib';

/**
 * Windows-1252's 0x80–0x9F (Node's TextDecoder reads 'windows-1252' as Latin-1); `\ufffd` where
 * it has no character. The rest of the byte range is Latin-1.
 */
const WIN_ANSI_HIGH = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';
const winAnsi = {
  decode: (bytes: Buffer) =>
    [...bytes]
      .map((b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_HIGH[b - 0x80]! : String.fromCharCode(b)))
      .join(''),
};

/** The bytes of each stream of the file, inflated where its dictionary says FlateDecode. */
function streams(pdf: Buffer): Buffer[] {
  const found: Buffer[] = [];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf('stream', at, 'latin1');
    if (start < 0) return found;
    // `endstream` contains `stream`: skip it.
    if (pdf.subarray(start - 3, start).toString('latin1') === 'end') {
      at = start + 6;
      continue;
    }
    let body = start + 6;
    if (pdf[body] === 0x0d) body += 1;
    if (pdf[body] === 0x0a) body += 1;
    const end = pdf.indexOf('endstream', body, 'latin1');
    if (end < 0) return found;
    const dictionary = pdf.subarray(pdf.lastIndexOf('<<', start, 'latin1'), start).toString('latin1');
    const raw = pdf.subarray(body, end);
    try {
      found.push(/\/FlateDecode/.test(dictionary) ? inflateSync(raw) : raw);
    } catch {
      // A stream that is not text (a font, a picture) may not inflate on its own: skip it.
    }
    at = end + 9;
  }
}

/** The text of one PDF string token: `<hex>` or `(literal)` with its escapes. */
function decodeString(token: string): string {
  if (token.startsWith('<')) {
    const hex = token.slice(1, -1).replace(/\s+/g, '');
    return winAnsi.decode(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
  }
  const body = token
    .slice(1, -1)
    .replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) =>
      /^[0-7]/.test(e)
        ? String.fromCharCode(parseInt(e, 8))
        : (({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e),
    );
  return winAnsi.decode(Buffer.from(body, 'latin1'));
}

const STRING = /<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)/g;

/** The text of each content stream that shows any (with pdfkit, one per page), one line per `Tj`/`TJ`. */
export function pdfPages(pdf: Buffer): string[] {
  const pages: string[] = [];
  for (const stream of streams(pdf)) {
    const lines: string[] = [];
    const content = stream.toString('latin1');
    for (const op of content.matchAll(
      /(\[(?:[^\]\\]|\\.)*\]|<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))\s*(TJ|Tj)\b/g,
    ))
      lines.push((op[1]!.match(STRING) ?? []).map(decodeString).join(''));
    if (lines.length > 0) pages.push(lines.join('\n'));
  }
  return pages;
}

/** Every text a PDF shows, one line per `Tj`/`TJ` operator, in the order the streams hold them. */
export const pdfText = (pdf: Buffer): string => pdfPages(pdf).join('\n');
