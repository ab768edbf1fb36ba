const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
_register(f, "probe-src/c23.swc.js#f");
import { readFileSync as r } from "node:fs";
import * as p from "node:path";
import d from "node:os";
function f() {
  return (_s ||= _memo({ id: "probe-src/c23.swc.js#f", hash: "lnFmdwlkOrTM-vAvgRqwhg" })).call(void 0, [], () => {
    return [typeof r, typeof p, typeof d];
  });
}
function __run() {
  return [f()];
}
export {
  __run,
  f
};
