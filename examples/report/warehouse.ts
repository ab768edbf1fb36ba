// A stand-in for a real database: 400,000 generated sales rows, built once per
// process by a "use singleton" factory (in a real app: a connection pool).

export interface Sale {
  day: number; // 0..729: two years of days
  region: string;
  product: string;
  units: number;
  price: number;
}

export interface Warehouse {
  rows: Sale[];
  opened: number;
}

/** Rows in the generated dataset. */
export const ROWS = 400_000;
const REGIONS = ['north', 'south', 'east', 'west', 'central'];
const PRODUCTS = Array.from({ length: 60 }, (_, i) => 'product-' + String(i).padStart(2, '0'));

/** A small deterministic generator (mulberry32), so every run reports the same numbers. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export function openWarehouse(): Warehouse {
  "use singleton";
  const next = random(42);
  const rows: Sale[] = new Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    rows[i] = {
      day: Math.floor(next() * 730),
      region: REGIONS[Math.floor(next() * REGIONS.length)],
      product: PRODUCTS[Math.floor(next() * PRODUCTS.length)],
      units: 1 + Math.floor(next() * 20),
      price: Math.round((5 + next() * 195) * 100) / 100,
    };
  }
  return { rows, opened: Date.now() };
}
