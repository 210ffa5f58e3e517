import mongoose, { Schema, type Connection } from 'mongoose';
import { startLoop, type Logger, type Loop } from '@sidecart/service-kit';
import { CatalogIndex } from '../domain/catalog-index';
import type { ProductDoc, ProductModel } from './products';

export type CatalogViewOptions = {
  /** How often the view reads the change log (`CATALOG_REFRESH_MS`). */
  refreshMs: number;
  /** How often it reads the whole active catalog, in the background (`CATALOG_FULL_RELOAD_MS`). */
  fullReloadMs: number;
  /**
   * The view answers only while its last completed refresh began less than this long ago;
   * past it (the database is slow or down) catalog reads go to the database again.
   */
  maxAgeMs: number;
};

/**
 * One product write, as the writing instance read it back: the whole product (created,
 * edited) or its new stock copy. `second` (Unix time) is what readers select by. A tool that
 * writes products straight into the database (a bulk seed) logs one `reload: true` entry
 * instead, and every instance reads the whole catalog again.
 */
type CatalogChange = {
  _id: mongoose.Types.ObjectId;
  second: number;
  at: number;
  productId?: string;
  doc?: ProductDoc;
  stock?: ProductDoc['stock'];
  reload?: boolean;
};

const changeSchema = new Schema<CatalogChange>(
  {
    second: { type: Number, required: true },
    at: { type: Number, required: true },
    productId: { type: String },
    doc: { type: Schema.Types.Mixed },
    stock: { type: Schema.Types.Mixed },
    reload: { type: Boolean },
  },
  { collection: 'catalog_changes', versionKey: false, minimize: false },
);
changeSchema.index({ second: 1 });

export const catalogChangeModel = (connection: Connection) =>
  connection.model<CatalogChange>('CatalogChange', changeSchema);
type CatalogChangeModel = ReturnType<typeof catalogChangeModel>;

/**
 * How many seconds back each refresh looks besides the time since the last one: a change
 * recorded up to this long after its second began (a slow insert, clocks of two replicas a
 * little apart) is still read.
 */
const CHANGE_OVERLAP_SECONDS = 3;
/**
 * Changes are kept this long; a view that fell further behind reloads everything. Short, so
 * the log stays small under checkout load (each reservation logs a stock copy).
 */
const CHANGE_RETENTION_SECONDS = 30;
const PRUNE_EVERY_MS = 5_000;

const second = (ms: number) => Math.floor(ms / 1000);

/** A promise and the function that settles it. */
function nextSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * This instance's read model of the active catalog (docs/architecture.md, "Catalog reads").
 *
 * Measured on FerretDB 1.24.2 (PostgreSQL backend) with 10,000 products: every query on the
 * products collection that is not an equality on a top-level field is filtered and sorted in
 * Go after reading every document (a sorted list page, the categories, a `$regex` search, and
 * a read of the whole catalog all cost the same, 2.4 s to 19 s on this loaded machine), and
 * even an equality (`{slug}`, `{_id}`) is a sequential scan in PostgreSQL (110 to 190 ms). So
 * the view reads the products collection whole, rarely and in the background, and follows
 * changes through a small log (`catalog_changes`, kept 30 s): each instance writes one
 * entry per product write it makes, and every instance reads the entries of the last seconds
 * (`{second: s}`: an equality FerretDB pushes down, on a collection that stays small).
 *
 * Refreshed per instance by time, not by events: replicas share one consumer group, so an
 * event would reach only one of them.
 */
export class CatalogView {
  readonly index = new CatalogIndex<ProductDoc>();
  /** When the last completed refresh began (the view holds every change recorded before). */
  private freshAsOf = -Infinity;
  private lastFullReload = -Infinity;
  private lastPrune = -Infinity;
  private reload: Promise<{ began: number; docs: ProductDoc[] }> | null = null;
  private reloaded: { began: number; docs: ProductDoc[] } | null = null;
  private reloadWanted = false;
  private reloadStartedAt = -Infinity;
  /** Per product, when the whole copy the view holds was written (a change older than that is skipped). */
  private readonly writtenAt = new Map<string, number>();
  private logger: Logger | null = null;
  /** Settles when the next refresh completes: what reads in `settled()` wait for. */
  private refreshed: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(
    private readonly products: ProductModel,
    private readonly changes: CatalogChangeModel,
    private readonly options: CatalogViewOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** The index, or null while it is older than its bound (callers then query the database). */
  current(): CatalogIndex<ProductDoc> | null {
    return this.now() - this.freshAsOf < this.options.maxAgeMs ? this.index : null;
  }

  /**
   * The index once it is within its bound again, waiting at most `waitMs` for the refresh
   * under way; null if it is still older then (the caller queries the database).
   *
   * For the reads the database can answer only by scanning the catalog (lists, searches,
   * category counts: seconds each at 10,000 products on FerretDB). A refresh that came late
   * (a stalled event loop, a busy database) must not send every such read to the database
   * at once: those scans would keep the database too busy for the next refresh to finish,
   * and the service would stay on the slow path under load (measured in the 12-01 growth
   * run: search answered nothing, and the gateway's breaker for the product service opened).
   */
  async settled(waitMs = this.options.maxAgeMs): Promise<CatalogIndex<ProductDoc> | null> {
    const index = this.current();
    if (index || !Number.isFinite(this.freshAsOf)) return index;
    const deadline = this.now() + waitMs;
    while (this.now() < deadline) {
      this.refreshed ??= nextSignal();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.refreshed.promise,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(1, deadline - this.now())))),
      ]);
      clearTimeout(timer);
      const fresh = this.current();
      if (fresh) return fresh;
    }
    return null;
  }

  /** A product this instance created or edited, as read back: shown here at once, logged for the others. */
  written(doc: ProductDoc): void {
    const at = this.now();
    this.applyDoc(doc, at);
    this.record({ productId: doc._id.toHexString(), doc }, at);
  }

  /** A stock copy this instance wrote onto a product: shown here at once, logged for the others. */
  stockCopied(productId: string, stock: ProductDoc['stock']): void {
    const at = this.now();
    this.index.applyStock(productId, stock);
    this.record({ productId, stock }, at);
  }

  private record(change: Pick<CatalogChange, 'productId' | 'doc' | 'stock'>, at: number): void {
    this.changes.create({ ...change, second: second(at), at }).catch((err: Error) =>
      // The other instances then see this write at their next full reload.
      this.logger?.warn({ err: err.message, productId: change.productId }, 'catalog change not logged'),
    );
  }

  private applyDoc(doc: ProductDoc, at: number): void {
    const id = doc._id.toHexString();
    if ((this.writtenAt.get(id) ?? -Infinity) > at) return;
    this.writtenAt.set(id, at);
    this.index.apply([{ doc, active: doc.active }]);
  }

  /** Reads the whole active catalog, at start and then in the background every `fullReloadMs`. */
  async loadAll(): Promise<{ began: number; docs: ProductDoc[] }> {
    const began = this.now();
    this.reloadStartedAt = began;
    return { began, docs: await this.products.find({ active: true }).lean<ProductDoc[]>() };
  }

  /**
   * Applies a finished full reload (keeping products written after it began), then the change
   * log since the last refresh began, less the overlap.
   */
  async refresh(): Promise<void> {
    const began = this.now();
    let since = this.freshAsOf;
    const done = this.reloaded;
    if (done) {
      this.reloaded = null;
      const newer = (id: string) => (this.writtenAt.get(id) ?? -Infinity) >= done.began;
      this.index.replaceAll(
        done.docs.filter((d) => !newer(d._id.toHexString())),
        newer,
      );
      for (const [id, at] of this.writtenAt) if (at < done.began) this.writtenAt.delete(id);
      this.lastFullReload = done.began;
      since = Number.isFinite(since) ? Math.min(since, done.began) : done.began;
    }
    const from = second(since) - CHANGE_OVERLAP_SECONDS;
    if (!this.reload && (this.reloadWanted || began - this.lastFullReload >= this.options.fullReloadMs)) {
      this.reloadWanted = false;
      this.startReload();
    }
    const to = second(began);
    if (to - from > CHANGE_RETENTION_SECONDS - CHANGE_OVERLAP_SECONDS) {
      // Too far behind for the log: wait for the full reload (reads go to the database meanwhile).
      this.startReload();
      return;
    }
    const seconds = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const batches = await Promise.all(
      seconds.map((s) => this.changes.find({ second: s }).lean<CatalogChange[]>()),
    );
    for (const change of batches.flat().sort((a, b) => a.at - b.at)) {
      if (change.doc) this.applyDoc(change.doc, change.at);
      if (change.stock && change.productId) this.index.applyStock(change.productId, change.stock);
      // Read again even if a reload is under way: it may have begun before the tool's writes.
      if (change.reload && change.at >= this.reloadStartedAt) this.reloadWanted = true;
    }
    this.freshAsOf = began;
    this.refreshed?.resolve();
    this.refreshed = null;
    if (began - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = began;
      await this.changes.deleteMany({ second: { $lt: to - CHANGE_RETENTION_SECONDS } });
    }
  }

  private startReload(): void {
    if (this.reload) return;
    this.reload = this.loadAll();
    this.reload.then(
      (result) => {
        this.reloaded = result;
        this.reload = null;
      },
      (err: Error) => {
        this.reload = null;
        this.logger?.warn({ err: err.message }, 'catalog full reload failed; the next refresh tries again');
      },
    );
  }

  /** Reads the whole catalog and the change log once: the view then answers. */
  async load(): Promise<void> {
    this.reloaded = await this.loadAll();
    await this.refresh();
  }

  /** Loads the catalog, then refreshes every `refreshMs` until stopped. */
  async start(logger: Logger): Promise<Loop> {
    this.logger = logger;
    try {
      await this.load();
      logger.info({ products: this.index.size }, 'catalog view loaded');
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'catalog view not loaded yet; reads go to the database');
    }
    return startLoop(
      'catalog-view',
      async () => {
        await this.refresh();
        return 0;
      },
      logger,
      { idleMs: this.options.refreshMs, maxBackoffMs: this.options.refreshMs * 4 },
    );
  }
}
