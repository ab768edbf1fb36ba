const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
const g = () => {
  return (_s ||= _memo({ id: "probe-src/c4.swc.js#g", hash: "ydJohxJB1R46faHcP2I5AA" })).call(void 0, [], () => {
    return 1;
  });
};
_register(g, "probe-src/c4.swc.js#g");
function __run() {
  return [g.name];
}
export {
  __run
};
