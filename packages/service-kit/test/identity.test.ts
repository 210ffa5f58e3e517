import { assertOwner, identityHeaders, identityOf, requireAdmin, requireIdentity } from '../src';

const req = (headers: Record<string, string>) => ({ get: (name: string) => headers[name.toLowerCase()] });

describe('identity', () => {
  it('round-trips through the forwarded headers', () => {
    const headers = identityHeaders({ userId: 'u1', role: 'customer' });
    expect(identityOf(req(headers))).toEqual({ userId: 'u1', role: 'customer' });
  });

  it('treats a missing or unknown role as anonymous', () => {
    expect(identityOf(req({}))).toBeNull();
    expect(identityOf(req({ 'x-sidecart-user-id': 'u1', 'x-sidecart-user-role': 'root' }))).toBeNull();
    expect(() => requireIdentity(req({}))).toThrow(expect.objectContaining({ status: 401 }));
  });

  it('lets admins through requireAdmin and refuses shoppers with 403', () => {
    expect(() => requireAdmin(req(identityHeaders({ userId: 'a', role: 'admin' })))).not.toThrow();
    expect(() => requireAdmin(req(identityHeaders({ userId: 'u', role: 'customer' })))).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('answers 404 for someone else’s resource, so its existence is not revealed', () => {
    expect(() => assertOwner({ userId: 'u1', role: 'customer' }, 'u1', 'Cart')).not.toThrow();
    expect(() => assertOwner({ userId: 'u2', role: 'customer' }, 'u1', 'Cart')).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() => assertOwner({ userId: 'admin', role: 'admin' }, 'u1', 'Cart')).not.toThrow();
  });
});
