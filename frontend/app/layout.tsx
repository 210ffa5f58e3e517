import type { ReactNode } from 'react';

export const metadata = { title: 'Sidecart', description: 'An open-source shop on Dapr' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
