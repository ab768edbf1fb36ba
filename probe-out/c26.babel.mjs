const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
_register(F, "probe-src/c26.babel.js#F");
function F() {
  return (_s ||= _memo({
    id: "probe-src/c26.babel.js#F",
    hash: "72puIhM5Yig_s3M-1FBQ5g"
  })).call(void 0, [], () => {
    return {
      nt: new.target === F
    };
  });
}
function __run() {
  return [F().nt, new F().nt, F().nt];
}
export {
  F,
  __run
};
