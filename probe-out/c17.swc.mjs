const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
function o(k) {
  let E;
  ((E2) => {
    E2[E2["A"] = k] = "A";
  })(E || (E = {}));
  const g = () => {
    return (_s ||= _memo({ id: "probe-src/c17.swc.ts#o/g", hash: "C3BAkQ9NkNkfNkQdp2T3xA", captured: ["k"] })).call(void 0, [k], () => {
      return E.A;
    });
  };
  _register(g, "probe-src/c17.swc.ts#o/g");
  return g();
}
function __run() {
  return [o(1), o(2)];
}
export {
  __run,
  o
};
