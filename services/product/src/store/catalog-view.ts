import { startLoop, type Logger, type Loop } from '@sidecart/service-kit';
import { CatalogIndex } from '../domain/catalog-index';
import { changeSecond, type ProductDoc, type ProductModel } from './products';

export type CatalogViewOptions = {
  /** How often the view reads what changed (`CATALOG_REFRESH_MS`). */
  refreshMs: number;
  /** How often it reads the whole active catalog instead (`CATALOG_FULL_RELOAD_MS`). */
  fullReloadMs: number;
  /**
   * The view answers only while its last completed refresh began less than this long ago;
   * past it (the database is slow or down) catalog reads go to the database again.
   */
  maxAgeMs: number;
};

/**
 * How many seconds back each refresh looks. Every write through ProductStore stamps the
 * product with the second it began (`changedSecond`); a write that commits up to this long
 * after it began is still found by the next refresh. Writes take milliseconds; the full
 * reload catches anything else (a direct database edit, a write stuck longer than this).
 */
export const CHANGE_OVERLAP_SECONDS = 3;

/** Past this many seconds to read (the view fell behind), one full reload costs less. */
const MAX_SECONDS_READ = 20;

/**
 * This instance's read model of the active catalog (docs/architecture.md, "Catalog reads").
 * Each instance refreshes on its own from the database, by time, not by events: replicas
 * share one consumer group, so an event would reach only one of them.
 *
 * A refresh reads only the products stamped in the last few seconds: `{changedSecond: s}`
 * is an equality on a top-level field, which FerretDB 1.24 pushes down to PostgreSQL,
 * whereas a range on `updatedAt` would be filtered in Go over the whole collection.
 */
export class CatalogView {
  readonly index = new CatalogIndex<ProductDoc>();
  /** When the last completed refresh began (the view holds every write committed before). */
  private freshAsOf = -Infinity;
  private lastFullReload = -Infinity;
  private loop: Loop | null = null;
  /** When this instance last wrote each product, until a refresh that began later completes. */
  private readonly ownWrites = new Map<string, number>();

  constructor(
    private readonly products: ProductModel,
    private readonly options: CatalogViewOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** The index, or null while it is older than its bound (callers then query the database). */
  current(): CatalogIndex<ProductDoc> | null {
    return this.now() - this.freshAsOf < this.options.maxAgeMs ? this.index : null;
  }

  /**
   * Reads the products stamped since the last refresh began (less the overlap), or the whole
   * active catalog when a full reload is due or the view fell too far behind.
   */
  async refresh(): Promise<void> {
    const began = this.now();
    const from = changeSecond(this.freshAsOf) - CHANGE_OVERLAP_SECONDS;
    const to = changeSecond(began);
    // What this instance wrote after the refresh began is newer than what the refresh read.
    const untouched = (id: string) => (this.ownWrites.get(id) ?? -Infinity) >= began;
    if (began - this.lastFullReload >= this.options.fullReloadMs || to - from > MAX_SECONDS_READ) {
      const docs = await this.products.find({ active: true }).lean<ProductDoc[]>();
      this.index.replaceAll(
        docs.filter((doc) => !untouched(doc._id.toHexString())),
        untouched,
      );
      this.lastFullReload = began;
    } else {
      const seconds = Array.from({ length: to - from + 1 }, (_, i) => from + i);
      // Oldest second first: a product read in two seconds (it changed meanwhile) ends with its later copy.
      const batches = await Promise.all(
        seconds.map((s) => this.products.find({ changedSecond: s }).lean<ProductDoc[]>()),
      );
      this.index.apply(
        batches
          .flat()
          .filter((doc) => !untouched(doc._id.toHexString()))
          .map((doc) => ({ doc, active: doc.active })),
      );
    }
    for (const [id, at] of this.ownWrites) if (at < began) this.ownWrites.delete(id);
    this.freshAsOf = began;
  }

  /**
   * A product this instance has just written (and read back): shown at once, so a shopper or
   * a test that changed something through this instance reads it back. Other instances see
   * it by their refresh.
   */
  written(doc: ProductDoc): void {
    this.ownWrites.set(doc._id.toHexString(), this.now());
    this.index.apply([{ doc, active: doc.active }]);
  }

  /** Loads the catalog, then refreshes every `refreshMs` until stopped. */
  async start(logger: Logger): Promise<Loop> {
    await this.refresh().then(
      () => logger.info({ products: this.index.size }, 'catalog view loaded'),
      (err: Error) =>
        logger.warn({ err: err.message }, 'catalog view not loaded yet; reads go to the database'),
    );
    this.loop = startLoop(
      'catalog-view',
      async () => {
        await this.refresh();
        return 0;
      },
      logger,
      { idleMs: this.options.refreshMs, maxBackoffMs: this.options.refreshMs * 4 },
    );
    return this.loop;
  }
}
