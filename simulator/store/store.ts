// The store: the generated history (regenerated on demand from seed and index) plus an
// overlay of everything changed through the simulator. Small stores keep every history in
// memory; large ones keep a bounded cache so a 1M-customer store can stream in modest memory.
import { generateCatalog } from "../generator/catalog";
import { generateHistory, type CustomerHistory, type GeneratorConfig } from "../generator/history";
import { customerIndexOf, orderSlot } from "../util/ids";
import type { SimCustomer, SimOrder, SimProduct } from "./model";

const FULL_CACHE_LIMIT = 20_000;
const LRU_SIZE = 4_000;

export class Store {
  readonly catalog: SimProduct[];
  private cache = new Map<number, CustomerHistory>();
  private customerEdits = new Map<number, SimCustomer>();
  private orderEdits = new Map<number, SimOrder>();
  private extraOrders = new Map<number, SimOrder[]>();
  private addedCustomers: SimCustomer[] = [];

  constructor(readonly config: GeneratorConfig) {
    this.catalog = generateCatalog(config.seed, config.now);
  }

  get customerTotal(): number {
    return this.config.customers + this.addedCustomers.length;
  }

  private generated(index: number): CustomerHistory {
    const hit = this.cache.get(index);
    if (hit) {
      if (this.config.customers > FULL_CACHE_LIMIT) {
        this.cache.delete(index);
        this.cache.set(index, hit);
      }
      return hit;
    }
    const fresh = generateHistory(this.config, this.catalog, index);
    this.cache.set(index, fresh);
    if (this.config.customers > FULL_CACHE_LIMIT && this.cache.size > LRU_SIZE)
      this.cache.delete(this.cache.keys().next().value!);
    return fresh;
  }

  /** The customer and all orders in its id block (possibly in the future), overlay applied. */
  history(index: number): CustomerHistory | null {
    if (index < 0 || index >= this.customerTotal) return null;
    const base =
      index < this.config.customers
        ? this.generated(index)
        : { customer: this.addedCustomers[index - this.config.customers], orders: [] };
    const customer = this.customerEdits.get(index) ?? base.customer;
    const extra = this.extraOrders.get(index);
    const orders = base.orders.map((o) => this.orderEdits.get(o.id) ?? o);
    if (extra) for (const o of extra) orders.push(this.orderEdits.get(o.id) ?? o);
    if (extra) orders.sort((a, b) => a.id - b.id);
    return { customer, orders };
  }

  customer(id: number): SimCustomer | null {
    if (this.deleted.has(id)) return null;
    return this.history(customerIndexOf(id))?.customer ?? null;
  }

  /** Customers deleted in the admin: gone from customer(id:) reads; their orders stay. */
  private readonly deleted = new Set<number>();
  deleteCustomer(id: number): void {
    this.deleted.add(id);
  }
  isDeleted(id: number): boolean {
    return this.deleted.has(id);
  }

  order(id: number): SimOrder | null {
    const { index } = orderSlot(id);
    return this.history(index)?.orders.find((o) => o.id === id) ?? null;
  }

  private productIndex: Map<number, SimProduct> | null = null;
  product(id: number): SimProduct | null {
    this.productIndex ??= new Map(this.catalog.map((p) => [p.id, p]));
    return this.productIndex.get(id) ?? null;
  }

  variant(id: number): { product: SimProduct; variant: SimProduct["variants"][number] } | null {
    for (const product of this.catalog) {
      const variant = product.variants.find((v) => v.id === id);
      if (variant) return { product, variant };
    }
    return null;
  }

  saveCustomer(customer: SimCustomer): void {
    if (customer.index >= this.config.customers) this.addedCustomers[customer.index - this.config.customers] = customer;
    else this.customerEdits.set(customer.index, customer);
  }

  addCustomer(make: (index: number) => SimCustomer): SimCustomer {
    const customer = make(this.customerTotal);
    this.addedCustomers.push(customer);
    return customer;
  }

  saveOrder(order: SimOrder): void {
    this.orderEdits.set(order.id, order);
  }

  /** Adds an order to a customer's block after every generated seq. */
  addOrder(index: number, make: (seq: number) => SimOrder): SimOrder {
    const list = this.extraOrders.get(index) ?? [];
    const order = make(300 + list.length);
    list.push(order);
    this.extraOrders.set(index, list);
    return order;
  }

  *histories(fromIndex = 0): Generator<CustomerHistory> {
    for (let i = Math.max(0, fromIndex); i < this.customerTotal; i++) yield this.history(i)!;
  }

  /** Indices with overlay changes, so clock advances can visit only what may have changed. */
  hasOverlay(index: number): boolean {
    return this.extraOrders.has(index) || this.customerEdits.has(index);
  }
}
