// The report's queries. Each is cached on disk ("use memo persist=disk"): the
// next run of the program, and every later one, reads the results instead of
// scanning 400,000 rows, and never even opens the warehouse (it is opened inside
// the bodies, which a hit does not run). `_db` starts with "_", so it is not part
// of the key: passing a different connection does not change the answer.
import { openWarehouse, type Warehouse } from './warehouse.js';
import { median } from './stats.js';

export interface RegionSummary {
  region: string;
  revenue: number;
  orders: number;
  medianOrder: number;
  byMonth: number[];
}

const revenueOf = (s: { units: number; price: number }) => s.units * s.price;

/** Revenue per region for one year (0 or 1), with monthly totals and the median order. */
export async function salesByRegion(year: number, _db?: Warehouse): Promise<RegionSummary[]> {
  "use memo persist=disk ttl=1d";
  const db = _db ?? openWarehouse();
  const groups = new Map<string, { revenue: number; orders: number[]; byMonth: number[] }>();
  for (const s of db.rows) {
    if (Math.floor(s.day / 365) !== year) continue;
    let g = groups.get(s.region);
    if (!g) groups.set(s.region, (g = { revenue: 0, orders: [], byMonth: new Array(12).fill(0) }));
    const r = revenueOf(s);
    g.revenue += r;
    g.orders.push(r);
    g.byMonth[Math.min(11, Math.floor((s.day % 365) / 30.42))] += r;
  }
  return [...groups].map(([region, g]) => ({
    region,
    revenue: Math.round(g.revenue),
    orders: g.orders.length,
    medianOrder: median(g.orders),
    byMonth: g.byMonth.map(Math.round),
  })).sort((a, b) => b.revenue - a.revenue);
}

/** The best-selling products of one region, by revenue (synchronous: the disk store reads synchronously too). */
export function topProducts(region: string, n: number, _db?: Warehouse): { product: string; revenue: number }[] {
  "use memo persist=disk";
  const db = _db ?? openWarehouse();
  const totals = new Map<string, number>();
  for (const s of db.rows) if (s.region === region) totals.set(s.product, (totals.get(s.product) ?? 0) + revenueOf(s));
  return [...totals].map(([product, revenue]) => ({ product, revenue: Math.round(revenue) })).sort((a, b) => b.revenue - a.revenue).slice(0, n);
}
