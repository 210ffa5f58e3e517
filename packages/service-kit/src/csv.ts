import type { Response } from 'express';

/**
 * CSV exports (RFC 4180): one way to write a cell and to stream a file, for every service that
 * exports. A cell that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`,
 * a tab or a carriage return) is prefixed with `'`, so a product name or address typed by
 * someone can never run in the admin's spreadsheet (CSV injection, OWASP).
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: (string | number | boolean | null | undefined)[]): string =>
  `${cells.map(csvCell).join(',')}\r\n`;

/**
 * Streams `rows` to the client as a CSV attachment, a batch at a time, with backpressure: the
 * next batch is read only once the client took the last. `rows` yields batches of cells.
 */
export async function sendCsv(
  res: Response,
  filename: string,
  header: string[],
  rows: AsyncIterable<(string | number | boolean | null | undefined)[][]>,
): Promise<void> {
  res.status(200);
  res.set('content-type', 'text/csv; charset=utf-8');
  res.set('content-disposition', `attachment; filename="${filename}"`);
  res.write(csvRow(header));
  for await (const batch of rows) {
    if (res.destroyed) return;
    const ok = res.write(batch.map(csvRow).join(''));
    if (!ok)
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done).off('close', done);
          resolve();
        };
        res.on('drain', done).on('close', done);
      });
  }
  res.end();
}
