const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
class A {
  static n;
  static {
    const g = () => {
      return (_s ||= _memo({ id: "probe-src/c1.swc.js#g", hash: "ydJohxJB1R46faHcP2I5AA" })).call(void 0, [], () => {
        return 1;
      });
    };
    _register(g, "probe-src/c1.swc.js#g");
    this.n = g.name;
  }
}
function __run() {
  return [A.n];
}
export {
  A,
  __run
};
