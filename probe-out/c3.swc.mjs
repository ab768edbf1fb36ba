const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
class A {
  m() {
    const g = () => {
      return (_s ||= _memo({ id: "probe-src/c3.swc.js#A.m/g", hash: "ydJohxJB1R46faHcP2I5AA" })).call(void 0, [], () => {
        return 1;
      });
    };
    _register(g, "probe-src/c3.swc.js#A.m/g");
    return [g.name];
  }
}
function __run() {
  return new A().m();
}
export {
  A,
  __run
};
