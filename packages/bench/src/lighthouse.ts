import fs from 'node:fs';
import { CHROMIUM_FLAGS, chromiumPath } from '../../stack-tests/src/browser';

/** Lighthouse (mobile preset, its default) scores and Core Web Vitals of one page. */
export type LighthousePage = {
  page: string;
  url: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  lcpMs: number;
  cls: number;
  tbtMs: number;
  fcpMs: number;
};

// The browser tests' Chromium and flags (packages/stack-tests/src/browser.ts), headless for Lighthouse.
const CHROME_FLAGS = ['--headless=new', ...CHROMIUM_FLAGS];
export { chromiumPath };
export const haveChromium = () => fs.existsSync(chromiumPath());

/** Runs Lighthouse on each page in turn, in one Debian Chromium (never a downloaded browser). */
export async function runLighthouse(pages: [string, string][]): Promise<LighthousePage[]> {
  // Both packages are ES modules only; this file is compiled to CommonJS.
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath(), chromeFlags: CHROME_FLAGS });
  const results: LighthousePage[] = [];
  try {
    for (const [page, url] of pages) {
      const run = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      });
      if (!run) throw new Error(`Lighthouse gave no result for ${url}`);
      const { categories, audits } = run.lhr;
      const score = (id: string) => Math.round((categories[id]?.score ?? NaN) * 100);
      const value = (id: string) => audits[id]?.numericValue ?? NaN;
      results.push({
        page,
        url,
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        seo: score('seo'),
        lcpMs: value('largest-contentful-paint'),
        cls: value('cumulative-layout-shift'),
        tbtMs: value('total-blocking-time'),
        fcpMs: value('first-contentful-paint'),
      });
    }
  } finally {
    await chrome.kill();
  }
  return results;
}
