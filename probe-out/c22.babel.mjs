const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
function o(k) {
  class A {
    q = k;
    f = _register(() => {
      return (_s ||= _memo({
        id: "probe-src/c22.babel.js#o/A.f",
        hash: "yHrNGDrGsA69SjPq7le9TA",
        self: true
      })).call(this, [], () => {
        return this.q;
      });
    }, "probe-src/c22.babel.js#o/A.f");
  }
  return new A().f();
}
function __run() {
  return [o(1), o(2)];
}
export {
  __run,
  o
};
