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
  /** The performance score of each run; the figures above are the median run's. */
  runs?: number[];
};

/**
 * Runs per page. One run's score moved by up to 16 points between two runs a minute apart on
 * this machine (home 96 → 80, LCP 2.4 s → 4.0 s), so the median of several is reported, as
 * Lighthouse's own guide on variability advises.
 */
export const LIGHTHOUSE_RUNS = 3;

// The browser tests' Chromium and flags (packages/stack-tests/src/browser.ts), headless for Lighthouse.
const CHROME_FLAGS = ['--headless=new', ...CHROMIUM_FLAGS];
export { chromiumPath };
export const haveChromium = () => fs.existsSync(chromiumPath());

/** Runs Lighthouse on each page in turn, `LIGHTHOUSE_RUNS` times, in one Debian Chromium (never a downloaded browser). */
export async function runLighthouse(pages: [string, string][]): Promise<LighthousePage[]> {
  // Both packages are ES modules only; this file is compiled to CommonJS.
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath(), chromeFlags: CHROME_FLAGS });
  const results: LighthousePage[] = [];
  const once = (page: string, url: string) => audit(lighthouse, chrome.port, page, url);
  try {
    // One run first, not kept: the first audit in a newly launched Chromium pays for its own start.
    if (pages[0]) await once(pages[0][0], pages[0][1]);
    for (const [page, url] of pages) {
      const runs: LighthousePage[] = [];
      for (let i = 0; i < LIGHTHOUSE_RUNS; i++) runs.push(await once(page, url));
      runs.sort((a, b) => a.performance - b.performance || b.lcpMs - a.lcpMs);
      results.push({ ...runs[Math.floor(runs.length / 2)]!, runs: runs.map((r) => r.performance) });
    }
  } finally {
    await chrome.kill();
  }
  return results;
}

/** One Lighthouse run of one page, in the Chromium listening on `port`. */
async function audit(
  lighthouse: typeof import('lighthouse', { with: { 'resolution-mode': 'import' } }).default,
  port: number,
  page: string,
  url: string,
): Promise<LighthousePage> {
  const run = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
  });
  if (!run) throw new Error(`Lighthouse gave no result for ${url}`);
  const { categories, audits } = run.lhr;
  const score = (id: string) => Math.round((categories[id]?.score ?? NaN) * 100);
  const value = (id: string) => audits[id]?.numericValue ?? NaN;
  return {
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
  };
}
