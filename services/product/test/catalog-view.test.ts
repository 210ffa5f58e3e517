import { CatalogView } from '../src/store/catalog-view';

/**
 * The read model past its bound: a read that the database could answer only by scanning the
 * catalog waits for the refresh under way instead of going to the database at once.
 */
describe('CatalogView.settled', () => {
  const query = <T>(result: T) => ({ lean: async () => result });
  let refreshGate: Promise<void> = Promise.resolve();
  const products = { find: () => query([]) };
  const changes = {
    find: () => ({
      lean: async () => {
        await refreshGate;
        return [];
      },
    }),
    create: async () => undefined,
    deleteMany: async () => undefined,
  };
  let offset = 0;
  const now = () => Date.now() + offset;

  const view = () =>
    new CatalogView(
      products as never,
      changes as never,
      { refreshMs: 500, fullReloadMs: 300_000, maxAgeMs: 2_000 },
      now,
    );

  beforeEach(() => {
    offset = 0;
    refreshGate = Promise.resolve();
  });

  it('answers at once while the view is within its bound', async () => {
    const v = view();
    await v.load();
    expect(v.current()).not.toBeNull();
    await expect(v.settled(1_000)).resolves.toBe(v.index);
  });

  it('never waits for a view that was never loaded (the database answers)', async () => {
    const v = view();
    const started = Date.now();
    await expect(v.settled(1_000)).resolves.toBeNull();
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('waits for a late refresh, then answers from the view', async () => {
    const v = view();
    await v.load();
    offset = 3_000; // the last refresh began 3 s ago: past the 2 s bound
    expect(v.current()).toBeNull();
    let open!: () => void;
    refreshGate = new Promise<void>((resolve) => (open = resolve));
    const refreshing = v.refresh(); // begins now, finishes when the database answers
    const read = v.settled(1_000);
    setTimeout(open, 50);
    await refreshing;
    await expect(read).resolves.toBe(v.index);
  });

  it('gives up after its wait when no refresh completes (the caller then reads the database)', async () => {
    const v = view();
    await v.load();
    offset = 3_000;
    const started = Date.now();
    await expect(v.settled(100)).resolves.toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });
});
