const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
let g;
{
  let k = 1;
  g = _register(() => {
    return (_s ||= _memo({ id: "probe-src/c25.swc.js#g", hash: "yyZ3aCxt2ZaFE_TpoW3twg", captured: ["k"] })).call(void 0, [k], () => {
      return k;
    });
  }, "probe-src/c25.swc.js#g");
}
function __run() {
  return [g()];
}
export {
  __run,
  g
};
