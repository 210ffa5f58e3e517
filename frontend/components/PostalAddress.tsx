import { countryName } from '@/lib/countries';

type Postal = {
  name: string;
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  country: string;
};

/** An address as it goes on an envelope, one line each. */
export function PostalAddress({ address, phone }: { address: Postal; phone?: string }) {
  const lines = [
    address.name,
    address.line1,
    address.line2,
    `${address.postalCode} ${address.city}`,
    countryName(address.country),
    phone,
  ].filter(Boolean);
  return (
    <address>
      {lines.map((line, i) => (
        <span key={i}>
          {i > 0 && <br />}
          {line}
        </span>
      ))}
    </address>
  );
}
