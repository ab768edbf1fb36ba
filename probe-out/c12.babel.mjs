const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
function o(k) {
  var h = function() {
    return k;
  };
  const g = () => {
    return (_s ||= _memo({
      id: "probe-src/c12.babel.js#o/g",
      hash: "UcIH1zrg-dz586qc1BpUtQ",
      captured: ["k"]
    })).call(void 0, [k], () => {
      return h();
    });
  };
  _register(g, "probe-src/c12.babel.js#o/g");
  return g();
}
function __run() {
  return [o(1), o(2)];
}
export {
  __run,
  o
};
