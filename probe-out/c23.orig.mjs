const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { readFileSync as r } from "node:fs";
import * as p from "node:path";
import d from "node:os";
function f() {
  "use memo";
  return [typeof r, typeof p, typeof d];
}
function __run() {
  return [f()];
}
export {
  __run,
  f
};
