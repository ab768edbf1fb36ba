const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
var _memokit = require("memokit");
var _s;
_memokit.register(f, "probe-src/c13.babel.cjs#f");
function f() {
  return (_s ||= _memokit.memo({
    id: "probe-src/c13.babel.cjs#f",
    hash: "u_bdAvWEIiEHVi5VfYmDnQ",
    self: true
  })).call(this, [], () => {
    return typeof this;
  });
}
module.exports.__run = () => [f.call(1), f.call('s')];