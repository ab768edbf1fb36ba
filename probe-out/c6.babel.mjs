const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s, _s2;
class A {
  f = _register(() => {
    return (_s ||= _memo({
      id: "probe-src/c6.babel.js#A.f",
      hash: "ydJohxJB1R46faHcP2I5AA",
      self: true
    })).call(this, [], () => {
      return 1;
    });
  }, "probe-src/c6.babel.js#A.f");
  static s = _register(function() {
    return (_s2 ||= _memo({
      id: "probe-src/c6.babel.js#A.s",
      hash: "ydJohxJB1R46faHcP2I5AA"
    })).call(void 0, [], () => {
      return 1;
    });
  }, "probe-src/c6.babel.js#A.s");
}
function __run() {
  return [new A().f.name, A.s.name];
}
export {
  A,
  __run
};
