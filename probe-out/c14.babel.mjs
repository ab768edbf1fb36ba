const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
function o(k) {
  const h = (() => k);
  const g = () => {
    return (_s ||= _memo({
      id: "probe-src/c14.babel.ts#o/g",
      hash: "cwGdlQLXrN8IT_JnD5V9Pw",
      captured: ["h"]
    })).call(void 0, [h], () => {
      return h();
    });
  };
  _register(g, "probe-src/c14.babel.ts#o/g");
  return g();
}
function __run() {
  return [o(1), o(2)];
}
export {
  __run,
  o
};
