import { fitText, textWidth } from '../lib/text-width';

describe('chart labels: estimated text widths', () => {
  it('grows with the text and with wide letters', () => {
    expect(textWidth('', 13)).toBe(0);
    expect(textWidth('iiii', 13)).toBeLessThan(textWidth('MMMM', 13));
    expect(textWidth('Mug', 26)).toBeCloseTo(2 * textWidth('Mug', 13));
    // A test product's name needs more than the 200 px the top products' names once had.
    expect(textWidth('Stack test mug T-1A2B3C4D', 13)).toBeGreaterThan(192);
    expect(textWidth('Crème brûlée', 13)).toBeCloseTo(textWidth('Creme brulee', 13));
  });

  it('keeps a name that fits, and cuts one that does not with an ellipsis, within the width', () => {
    expect(fitText('Studio Desk Lamp', 300, 13)).toEqual({ shown: 'Studio Desk Lamp', cut: false });
    const long = 'A very long product name that certainly does not fit into the column of names';
    const fitted = fitText(long, 300, 13);
    expect(fitted.cut).toBe(true);
    expect(fitted.shown).toMatch(/^A very long product name.*[^ ]…$/);
    expect(long.startsWith(fitted.shown.slice(0, -1))).toBe(true);
    expect(textWidth(fitted.shown, 13)).toBeLessThanOrEqual(300);
    expect(textWidth(fitText(long, 301, 13).shown, 13)).toBeGreaterThan(290);
  });
});
