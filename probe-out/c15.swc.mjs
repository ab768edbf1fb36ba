const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
function o(k) {
  const H = class {
    get() {
      return k;
    }
  };
  const g = () => {
    return (_s ||= _memo({ id: "probe-src/c15.swc.js#o/g", hash: "5aNKb9UimZsQ77sRrZoSHQ", captured: ["k"] })).call(void 0, [k], () => {
      return new H().get();
    });
  };
  _register(g, "probe-src/c15.swc.js#o/g");
  return g();
}
function __run() {
  return [o(1), o(2)];
}
export {
  __run,
  o
};
