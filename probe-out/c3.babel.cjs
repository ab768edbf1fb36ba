const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
var _memokit = require("memokit");
var _s;
function o(arguments) {
  _memokit.register(f, "probe-src/c3.babel.cjs#o/f");
  function f(a) {
    return (_s ||= _memokit.memo({
      id: "probe-src/c3.babel.cjs#o/f",
      hash: "H8ouwKr7fjvNVqQMz8_50Q",
      keys: ["a", "arguments"]
    })).call(void 0, [a, Array.prototype.slice.call(arguments)], () => {
      return [a, arguments.length];
    });
  }
  return f;
}
module.exports.__run = () => {
  const f = o(0);
  return [f(1), f(1, 2)];
};