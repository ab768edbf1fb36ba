const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
var _memokit = require("memokit");
var _s;
function o(k) {
  l: function g() {
    return (_s ||= _memokit.memo({
      id: "probe-src/c11.babel.cjs#o/g",
      hash: "yyZ3aCxt2ZaFE_TpoW3twg",
      captured: ["k"]
    })).call(void 0, [k], () => {
      return k;
    });
  }
  _memokit.register(g, "probe-src/c11.babel.cjs#o/g");
  return g();
}
module.exports.__run = () => [o(1), o(2), o(1)];