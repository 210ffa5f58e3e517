import fs from 'node:fs';
import path from 'node:path';
import { GENERATED_PLACEHOLDER, PublishedSecret, refusePublished, storedSecretName } from '../src/secrets';

const example: Record<string, string> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../secrets.example.json'), 'utf8'),
);

describe('published secrets', () => {
  it('refuses the placeholder of every generated secret in secrets.example.json', () => {
    const generated = Object.keys(example).filter((k) => example[k] === GENERATED_PLACEHOLDER);
    expect(generated).toEqual(
      expect.arrayContaining([
        'GATEWAY_JWT_SECRET',
        'NEXTAUTH_SECRET',
        'ADMIN_PASSWORD',
        'PAYPAL_CLIENT_SECRET',
      ]),
    );
    for (const name of generated)
      expect(() => refusePublished(name, example[name]!)).toThrow(PublishedSecret);
  });

  it('refuses the defaults earlier versions published, and names the fix', () => {
    expect(() => refusePublished('ADMIN_PASSWORD', 'dev-only-admin-password-1')).toThrow(/npm run setup/);
    expect(() =>
      refusePublished('GATEWAY_JWT_SECRET', 'dev-only-change-me-sidecart-gateway-signing-key-0123456789'),
    ).toThrow(/GATEWAY_JWT_SECRET/);
  });

  it('passes any other value through', () => {
    expect(refusePublished('GATEWAY_JWT_SECRET', 'k3y-n0body-else-has')).toBe('k3y-n0body-else-has');
  });
});

describe('stored secret names', () => {
  it('are the names themselves, except on Kubernetes, whose Secret names are lowercase with dashes', () => {
    expect(storedSecretName('ORDER_DATABASE_URL', undefined)).toBe('ORDER_DATABASE_URL');
    expect(storedSecretName('ORDER_DATABASE_URL', 'kubernetes')).toBe('order-database-url');
    // Every name of the example becomes a valid Kubernetes object name (RFC 1123 subdomain).
    for (const name of Object.keys(example))
      expect(storedSecretName(name, 'kubernetes')).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});
