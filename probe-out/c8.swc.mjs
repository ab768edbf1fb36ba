const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
function o(g = _register(() => {
  return (_s ||= _memo({ id: "probe-src/c8.swc.js#o/anonymous", hash: "ydJohxJB1R46faHcP2I5AA" })).call(void 0, [], () => {
    return 1;
  });
}, "probe-src/c8.swc.js#o/anonymous")) {
  return [g.name];
}
function __run() {
  return o();
}
export {
  __run,
  o
};
