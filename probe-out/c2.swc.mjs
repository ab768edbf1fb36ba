const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
var stdin_default = _register(() => {
  return (_s ||= _memo({ id: "probe-src/c2.swc.js#default", hash: "ydJohxJB1R46faHcP2I5AA" })).call(void 0, [], () => {
    return 1;
  });
}, "probe-src/c2.swc.js#default");
function __run() {
  return [1];
}
export {
  __run,
  stdin_default as default
};
