import fs from 'node:fs';

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

// Without the background-networking flags Chromium keeps dialling hosts this machine cannot reach.
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
