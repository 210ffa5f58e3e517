/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The signed-out catalog pages (app/signed-out) revalidate after 30 s; an entry older than this is
  // never served, the request waits for a fresh render instead. This is the page half of the
  // freshness bound stated in app/signed-out/layout.tsx.
  expireTime: 60,
  // Room for every signed-out page of the demo catalog and then some (default 50 MB): with the
  // default, product pages warmed once were rendered again within the minute (62 of 2,089 answers).
  cacheMaxMemorySize: 256 * 1024 * 1024,
  experimental: {
    // The page cache stays in memory (50 MB, least recently used dropped first): written to disk,
    // each entry was eight files, and every new search or product address a visitor made up added
    // eight more.
    isrFlushToDisk: false,
    // An admin's product picture reaches its server action whole (up to 2 MB, PICTURE_MAX_BYTES).
    serverActions: { bodySizeLimit: '3mb' },
  },
  // No page may be framed by another site (clickjacking): CSP frame-ancestors, and the older header.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
};
export default nextConfig;
