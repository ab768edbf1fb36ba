const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
function o(k) {
  try {
    throw { k };
  } catch ({ k: e }) {
    const g = _register(() => {
      return (_s ||= _memo({ id: "probe-src/c19.swc.js#o/g", hash: "SOL9KqOcYh0oYWQCFqFOMA", captured: ["e"] })).call(void 0, [e], () => {
        return e;
      });
    }, "probe-src/c19.swc.js#o/g");
    return g();
  }
}
function __run() {
  return [o(1), o(2)];
}
export {
  __run,
  o
};
