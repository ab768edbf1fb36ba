const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
var _memokit = require("memokit");
var _s;
function arguments() {}
class A {
  static {
    _memokit.register(this.prototype, "probe-src/c5.babel.cjs#A.m", "m");
  }
  m(a) {
    return (_s ||= _memokit.memo({
      id: "probe-src/c5.babel.cjs#A.m",
      hash: "H8ouwKr7fjvNVqQMz8_50Q",
      keys: ["a", "arguments"],
      self: true
    })).call(this, [a, Array.prototype.slice.call(arguments)], () => {
      return [a, arguments.length];
    });
  }
}
module.exports.__run = () => {
  const x = new A();
  return [x.m(1), x.m(1, 2)];
};