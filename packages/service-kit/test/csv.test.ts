import express from 'express';
import type { AddressInfo } from 'node:net';
import { csvCell, csvRow, sendCsv } from '../src/csv';

describe('csvCell', () => {
  it('prefixes text a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(csvCell(text).replace(/^"|"$/g, '')).toBe(`'${text}`);
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it('leaves numbers and harmless text alone, quoting only where RFC 4180 needs it', () => {
    expect(csvCell(-15)).toBe('-15');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('Mug')).toBe('Mug');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('mid-dash = fine')).toBe('mid-dash = fine');
  });

  it('ends each row with CRLF', () => {
    expect(csvRow(['a', 1, '=x'])).toBe("a,1,'=x\r\n");
  });
});

describe('sendCsv', () => {
  it('streams the header and every batch as an attachment', async () => {
    const app = express();
    app.get('/x', async (_req, res) => {
      await sendCsv(
        res,
        'x.csv',
        ['id', 'name'],
        (async function* () {
          yield [[1, 'a']];
          yield [
            [2, '@b'],
            [3, 'c,d'],
          ];
        })(),
      );
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="x.csv"');
      expect(await res.text()).toBe('id,name\r\n1,a\r\n2,\'@b\r\n3,"c,d"\r\n');
    } finally {
      server.close();
    }
  });
});
