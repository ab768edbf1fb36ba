const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
var _memokit = require("memokit");
var _s;
_memokit.register(f, "probe-src/c1.babel.cjs#f");
var arguments = 1;
function f(a) {
  return (_s ||= _memokit.memo({
    id: "probe-src/c1.babel.cjs#f",
    hash: "H8ouwKr7fjvNVqQMz8_50Q",
    keys: ["a", "arguments"]
  })).call(void 0, [a, Array.prototype.slice.call(arguments)], () => {
    return [a, arguments.length];
  });
}
module.exports.__run = () => [f(1), f(1, 2)];