const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
function o(arr) {
  const out = [];
  for (const [i, v] of arr.entries()) {
    const g = () => {
      return (_s ||= _memo({ id: "probe-src/c20.swc.js#o/g", hash: "pbTYyLt7RfSIsz2_NMD8Zw", captured: ["v"] })).call(void 0, [v], () => {
        return v;
      });
    };
    _register(g, "probe-src/c20.swc.js#o/g");
    out.push(g());
  }
  return out;
}
function __run() {
  return [o([1, 2]), o([3, 4])];
}
export {
  __run,
  o
};
