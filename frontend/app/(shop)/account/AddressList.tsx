import type { Address } from '@sidecart/contracts';
import { AddressActions } from './AddressActions';
import { PostalAddress } from '@/components/PostalAddress';

export function AddressList({ addresses }: { addresses: Address[] }) {
  if (addresses.length === 0) return <p className="muted">You have no saved addresses yet.</p>;
  return (
    <ul className="grid">
      {addresses.map((address) => {
        const title = address.label || address.name;
        return (
          <li key={address.id} className="panel stack">
            <div className="row">
              <strong>{title}</strong>
              {address.isDefault && <span className="badge">Default</span>}
            </div>
            <PostalAddress address={address} phone={address.phone} />
            <AddressActions
              addressId={address.id}
              name={`${title}, ${address.line1}`}
              isDefault={address.isDefault}
            />
          </li>
        );
      })}
    </ul>
  );
}
