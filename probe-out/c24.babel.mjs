const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
import { memo as _memo, register as _register } from "memokit";
var _s;
const fs = [];
for (let i = 0; i < 3; i++) fs.push(_register(() => {
  return (_s ||= _memo({
    id: "probe-src/c24.babel.js#anonymous",
    hash: "IWXVP75Rw0woH2U2F4vt_g",
    captured: ["i"]
  })).call(void 0, [i], () => {
    return i;
  });
}, "probe-src/c24.babel.js#anonymous"));
function __run() {
  return fs.map((f) => f());
}
export {
  __run,
  fs
};
