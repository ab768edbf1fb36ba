const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
function o(k) {
  let r;
  class A {
    static {
      const q = k;
      r = _register(() => {
        return (_s ||= _memo({ id: "probe-src/c21.swc.js#o/r", hash: "wo5dlgQX7MS781xFfeyGEA", captured: ["q"] })).call(void 0, [q], () => {
          return q;
        });
      }, "probe-src/c21.swc.js#o/r");
    }
  }
  return r();
}
function __run() {
  return [o(1), o(2)];
}
export {
  __run,
  o
};
