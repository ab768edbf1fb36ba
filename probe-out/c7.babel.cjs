const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
var _memokit = require("memokit");
var _s;
_memokit.register(f, "probe-src/c7.babel.cjs#f");
function f() {
  return (_s ||= _memokit.memo({
    id: "probe-src/c7.babel.cjs#f",
    hash: "03fg8kMHgbWl_8zhsjkOoQ"
  })).call(void 0, [], () => {
    return typeof arguments;
    function arguments() {}
  });
}
module.exports.__run = () => [f(1), f(1, 2)];