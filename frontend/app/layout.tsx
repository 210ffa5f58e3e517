import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Sidecart', template: '%s · Sidecart' },
  description: 'An open-source shop on Dapr',
};
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/**
 * The document. What depends on the shopper lives one level down: app/(shop)/layout.tsx renders
 * per request with the shopper's menu; app/signed-out/layout.tsx is cached and serves every
 * signed-out shopper (server.mjs chooses between them).
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
