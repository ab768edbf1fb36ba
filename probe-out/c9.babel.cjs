const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
var _memokit = require("memokit");
var _s;
_memokit.register(f, "probe-src/c9.babel.cjs#f");
function f() {
  return (_s ||= _memokit.memo({
    id: "probe-src/c9.babel.cjs#f",
    hash: "4AbUG0Ifz7oNww1PUDsVYQ",
    keys: ["arguments"]
  })).call(void 0, [Array.prototype.slice.call(arguments)], () => {
    arguments = [9];
    return arguments[0];
  });
}
module.exports.__run = () => [f(1), f(1, 2)];