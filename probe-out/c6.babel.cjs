const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
var _memokit = require("memokit");
var _s;
const {
  stats
} = require('memokit');
const ids = (...fs) => fs.map(f => Object.keys(stats(f)));
function o() {
  const r = ids(g);
  l: function g() {
    return (_s ||= _memokit.memo({
      id: "probe-src/c6.babel.cjs#o/g",
      hash: "ydJohxJB1R46faHcP2I5AA"
    })).call(void 0, [], () => {
      return 1;
    });
  }
  _memokit.register(g, "probe-src/c6.babel.cjs#o/g");
  return r;
}
module.exports = {
  __run() {
    return [1];
  },
  __reg() {
    return o();
  }
};